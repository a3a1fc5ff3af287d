package io.tidemark.connect.redshift.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The statements around a temporary stage table that both load paths share: create it, apply it to
 * the target (de-duplicated to the latest change per key), drop it.
 */
public final class StageSql {

  /** Stage column: {@code u} for an upsert, {@code d} for a delete. */
  public static final String OP = "__tm_op";

  /** Stage column: the change position within the batch; the highest wins per key. */
  public static final String POSITION = "__tm_pos";

  static final String ROW_NUMBER = "__tm_rn";

  /** Names the stage and its de-duplicating query use besides the target's columns. */
  public static final List<String> RESERVED_COLUMNS = List.of(OP, POSITION, ROW_NUMBER);

  private final RedshiftNames names;
  private final WriteMode mode;

  public StageSql(RedshiftNames names, WriteMode mode) {
    this.names = Objects.requireNonNull(names, "names");
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  public RedshiftNames names() {
    return names;
  }

  /**
   * Temporary table names are not schema-qualified; the index keeps them unique in a transaction.
   */
  public String stageName(int index) {
    return names.quote("tidemark_stage_" + index);
  }

  /** Target columns, then the operation and position columns, all quoted. */
  public List<String> stageColumns(TableDef table) {
    List<String> columns =
        table.columnNames().stream()
            .map(names::quote)
            .collect(Collectors.toCollection(ArrayList::new));
    columns.add(names.quote(OP));
    columns.add(names.quote(POSITION));
    return columns;
  }

  public String create(TableDef table, String stage) {
    List<String> defs = new ArrayList<>();
    for (ColumnDef c : table.columns()) {
      defs.add(names.quote(c.name()) + ' ' + c.type());
    }
    defs.add(names.quote(OP) + " CHAR(1) NOT NULL");
    defs.add(names.quote(POSITION) + " BIGINT NOT NULL");
    return "CREATE TEMP TABLE " + stage + " (" + String.join(", ", defs) + ")";
  }

  /**
   * Upsert: DELETE every target row whose key is staged, then INSERT the latest staged change per
   * key unless it is a delete. Both apply only where the transaction's fence holds ({@link
   * OffsetsTable#guardHolds(RedshiftNames)}): a stale writer's transaction changes nothing. Append:
   * INSERT every staged upsert. Redshift's MERGE allows one WHEN MATCHED action without conditions,
   * which cannot express "delete or update", so this is DELETE + INSERT in the same transaction.
   */
  public List<String> apply(TableDef table, String stage) {
    String target = names.qualified(table.schema(), table.name());
    String columns =
        table.columnNames().stream().map(names::quote).collect(Collectors.joining(", "));
    String op = names.quote(OP);
    if (mode == WriteMode.APPEND) {
      return List.of(
          "INSERT INTO "
              + target
              + " ("
              + columns
              + ") SELECT "
              + columns
              + " FROM "
              + stage
              + " WHERE "
              + op
              + " <> 'd' AND "
              + OffsetsTable.guardHolds(names)
              + " ORDER BY "
              + names.quote(POSITION));
    }
    if (table.keyColumns().isEmpty()) {
      throw new IllegalArgumentException("upsert into " + target + " needs key columns");
    }
    String keyMatch =
        table.keyColumns().stream()
            .map(k -> target + '.' + names.quote(k) + " = " + stage + '.' + names.quote(k))
            .collect(Collectors.joining(" AND "));
    String keys = table.keyColumns().stream().map(names::quote).collect(Collectors.joining(", "));
    String delete =
        "DELETE FROM "
            + target
            + " USING "
            + stage
            + " WHERE "
            + keyMatch
            + " AND "
            + OffsetsTable.guardHolds(names);
    String latest =
        "SELECT "
            + columns
            + ", "
            + op
            + ", ROW_NUMBER() OVER (PARTITION BY "
            + keys
            + " ORDER BY "
            + names.quote(POSITION)
            + " DESC) AS "
            + names.quote(ROW_NUMBER)
            + " FROM "
            + stage;
    String insert =
        "INSERT INTO "
            + target
            + " ("
            + columns
            + ") SELECT "
            + columns
            + " FROM ("
            + latest
            + ") AS "
            + names.quote("latest")
            + " WHERE "
            + names.quote(ROW_NUMBER)
            + " = 1 AND "
            + op
            + " <> 'd' AND "
            + OffsetsTable.guardHolds(names);
    return List.of(delete, insert);
  }

  public String drop(String stage) {
    return "DROP TABLE " + stage;
  }

  /** How many statements besides the stage loads one table needs: create, apply, drop. */
  public int fixedStatements() {
    return 2 + (mode == WriteMode.APPEND ? 1 : 2);
  }

  public WriteMode mode() {
    return mode;
  }
}
