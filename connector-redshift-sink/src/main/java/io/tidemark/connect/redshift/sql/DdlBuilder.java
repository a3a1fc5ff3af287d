package io.tidemark.connect.redshift.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** CREATE TABLE and ALTER TABLE ADD COLUMN statements for Redshift. */
public final class DdlBuilder {

  private final RedshiftNames names;

  public DdlBuilder(RedshiftNames names) {
    this.names = Objects.requireNonNull(names, "names");
  }

  /** {@code CREATE TABLE IF NOT EXISTS} with NOT NULL keys, a PRIMARY KEY, DISTKEY and SORTKEY. */
  public String createTable(TableDef table) {
    StringBuilder b =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ")
            .append(names.qualified(table.schema(), table.name()))
            .append(" (");
    Set<String> keys = Set.copyOf(table.keyColumns());
    List<String> parts = new ArrayList<>();
    for (ColumnDef column : table.columns()) {
      boolean nullable = column.nullable() && !keys.contains(column.name());
      parts.add(names.quote(column.name()) + ' ' + column.type() + (nullable ? "" : " NOT NULL"));
    }
    if (!table.keyColumns().isEmpty()) {
      parts.add("PRIMARY KEY (" + quoteAll(table.keyColumns()) + ')');
    }
    b.append(String.join(", ", parts)).append(')');
    table
        .distKey()
        .ifPresent(d -> b.append(" DISTSTYLE KEY DISTKEY (").append(names.quote(d)).append(')'));
    if (!table.sortKeys().isEmpty()) {
      b.append(" COMPOUND SORTKEY (").append(quoteAll(table.sortKeys())).append(')');
    }
    return b.toString();
  }

  /**
   * One {@code ALTER TABLE ... ADD COLUMN} per column of {@code wanted} that {@code existing} lacks
   * (Redshift adds one column per statement). Added columns are always nullable: rows already in
   * the table have no value for them.
   */
  public List<String> addMissingColumns(TableDef existing, List<ColumnDef> wanted) {
    Set<String> have = existing.columns().stream().map(ColumnDef::name).collect(Collectors.toSet());
    return addMissingColumns(existing.schema(), existing.name(), have, wanted);
  }

  /**
   * Widens a VARCHAR column in place. Redshift runs this only outside a transaction block (one
   * ExecuteStatement, never a batch) and refuses it for a column with a DEFAULT, a key constraint
   * or BYTEDICT/RUNLENGTH/TEXT255/TEXT32K encoding.
   */
  public String widenVarchar(String schema, String table, String column, int bytes) {
    return "ALTER TABLE "
        + names.qualified(schema, table)
        + " ALTER COLUMN "
        + names.quote(column)
        + " TYPE VARCHAR("
        + bytes
        + ")";
  }

  /** As above, with the column names {@link #existingColumnsQuery} returned. */
  public List<String> addMissingColumns(
      String schema, String table, Set<String> existingColumns, List<ColumnDef> wanted) {
    List<String> statements = new ArrayList<>();
    for (ColumnDef column : wanted) {
      if (!existingColumns.contains(column.name())) {
        statements.add(
            "ALTER TABLE "
                + names.qualified(schema, table)
                + " ADD COLUMN "
                + names.quote(column.name())
                + ' '
                + column.type());
      }
    }
    return statements;
  }

  /**
   * Lists the columns of a table, one row per column: name, data type, maximum length (bytes on
   * Redshift), numeric precision, numeric scale, nullable ({@code YES}/{@code NO}); empty when the
   * table does not exist. {@code information_schema.columns} answers the same on Redshift and
   * PostgreSQL.
   */
  public String existingColumnsQuery(String schema, String table) {
    names.qualified(schema, table);
    return "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable"
        + " FROM information_schema.columns WHERE table_schema = "
        + SqlLiterals.string(schema.toLowerCase(java.util.Locale.ROOT))
        + " AND table_name = "
        + SqlLiterals.string(table.toLowerCase(java.util.Locale.ROOT))
        + " ORDER BY ordinal_position";
  }

  String quoteAll(List<String> columns) {
    return columns.stream().map(names::quote).collect(Collectors.joining(", "));
  }
}
