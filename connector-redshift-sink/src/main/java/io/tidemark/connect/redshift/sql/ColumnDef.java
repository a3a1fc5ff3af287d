package io.tidemark.connect.redshift.sql;

import java.util.Objects;

/** A column: its Redshift name (unquoted), its Redshift type, and whether it may be NULL. */
public record ColumnDef(String name, String type, boolean nullable) {
  public ColumnDef {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }
}
