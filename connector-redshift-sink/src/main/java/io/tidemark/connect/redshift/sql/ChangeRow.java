package io.tidemark.connect.redshift.sql;

import java.util.Map;
import java.util.Objects;

/**
 * One change to one row: the column values (column name to a value {@link SqlLiterals} accepts; for
 * a delete at least the key columns), whether it deletes the row, and its source offset. The order
 * of rows in a {@link TableChanges} is the change order.
 */
public record ChangeRow(Map<String, Object> values, boolean delete, SourceOffset source) {
  public ChangeRow {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(source, "source");
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  /**
   * The value both load paths stage for {@code column} of {@code table}. A delete needs its key
   * only: its other columns stage NULL whatever its before image holds, so a value Redshift cannot
   * store (a NUL, a text too long for the column) never keeps a delete from applying.
   */
  public Object stagedValue(TableDef table, String column) {
    return delete && !table.keyColumns().contains(column) ? null : values.get(column);
  }
}
