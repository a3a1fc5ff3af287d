package io.tidemark.connect.redshift.sql;

import java.util.List;
import java.util.Objects;

/** The changes for one table, in change order (Kafka order within each partition). */
public record TableChanges(TableDef table, List<ChangeRow> rows) {
  public TableChanges {
    Objects.requireNonNull(table, "table");
    rows = List.copyOf(rows);
  }
}
