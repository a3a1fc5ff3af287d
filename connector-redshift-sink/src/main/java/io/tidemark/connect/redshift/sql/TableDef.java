package io.tidemark.connect.redshift.sql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A target table: schema, name, columns in order, key columns (empty in append mode), and the
 * optional Redshift distribution and sort keys.
 */
public record TableDef(
    String schema,
    String name,
    List<ColumnDef> columns,
    List<String> keyColumns,
    Optional<String> distKey,
    List<String> sortKeys) {

  public TableDef {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    keyColumns = List.copyOf(keyColumns);
    sortKeys = List.copyOf(sortKeys);
    Objects.requireNonNull(distKey, "distKey");
    for (String key : keyColumns) {
      requireColumn(columns, key, "key");
    }
    if (distKey.isPresent()) {
      requireColumn(columns, distKey.get(), "DISTKEY");
    }
    for (String s : sortKeys) {
      requireColumn(columns, s, "SORTKEY");
    }
  }

  public TableDef(String schema, String name, List<ColumnDef> columns, List<String> keyColumns) {
    this(schema, name, columns, keyColumns, Optional.empty(), List.of());
  }

  /**
   * Whether {@code column} is a key, the DISTKEY or a SORTKEY column: Redshift can neither alter
   * nor drop such a column in place.
   */
  public boolean isKeyOrDistOrSortKey(String column) {
    return keyColumns.contains(column)
        || distKey.filter(column::equals).isPresent()
        || sortKeys.contains(column);
  }

  private static void requireColumn(List<ColumnDef> columns, String name, String role) {
    if (columns.stream().noneMatch(c -> c.name().equals(name))) {
      throw new IllegalArgumentException(
          role + " column '" + name + "' is not a column of the table");
    }
  }

  public List<String> columnNames() {
    return columns.stream().map(ColumnDef::name).toList();
  }

  public Optional<ColumnDef> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
