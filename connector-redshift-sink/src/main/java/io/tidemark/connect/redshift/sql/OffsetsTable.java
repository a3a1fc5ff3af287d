package io.tidemark.connect.redshift.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The table where each transaction records, for its connector, the next Kafka offset of every topic
 * partition it wrote: the sink's only source of truth for exactly-once delivery.
 */
public final class OffsetsTable {

  public static final String CONNECTOR = "connector_name";
  public static final String TOPIC = "topic";
  public static final String PARTITION = "kafka_partition";
  public static final String NEXT_OFFSET = "next_offset";

  /**
   * The partition's position lineage mark after every change below {@code next_offset} (common's
   * {@code PositionLineage.Mark}, as text; NULL when none had a position), written by the same
   * transaction as the offset: where a lineage break that straddles a restart is caught.
   */
  public static final String LINEAGE = "position_lineage";

  /**
   * The next offset of a partition's row created by {@link #claim} before anything was committed:
   * every load transaction is then guarded by a row that exists (see {@link #claim}).
   */
  public static final long NOTHING_COMMITTED = -1;

  private final RedshiftNames names;
  private final String schema;
  private final String table;
  private final String connectorName;

  public OffsetsTable(RedshiftNames names, String schema, String table, String connectorName) {
    this.names = Objects.requireNonNull(names, "names");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.table = Objects.requireNonNull(table, "table");
    this.connectorName = Objects.requireNonNull(connectorName, "connectorName");
    names.qualified(schema, table);
  }

  private String qualified() {
    return names.qualified(schema, table);
  }

  public String createTable() {
    return "CREATE TABLE IF NOT EXISTS "
        + qualified()
        + " ("
        + names.quote(CONNECTOR)
        + " VARCHAR(1020) NOT NULL, "
        + names.quote(TOPIC)
        + " VARCHAR(1020) NOT NULL, "
        + names.quote(PARTITION)
        + " INTEGER NOT NULL, "
        + names.quote(NEXT_OFFSET)
        + " BIGINT NOT NULL, "
        + names.quote(LINEAGE)
        + " VARCHAR(1020), "
        + "PRIMARY KEY ("
        + names.quote(CONNECTOR)
        + ", "
        + names.quote(TOPIC)
        + ", "
        + names.quote(PARTITION)
        + "))";
  }

  /**
   * A query that returns a row when the offsets table has the {@link #LINEAGE} column (tables
   * created before it was added have not).
   */
  public String lineageColumnQuery() {
    return "SELECT 1 FROM information_schema.columns WHERE table_schema = "
        + SqlLiterals.string(schema.toLowerCase(java.util.Locale.ROOT))
        + " AND table_name = "
        + SqlLiterals.string(table.toLowerCase(java.util.Locale.ROOT))
        + " AND column_name = "
        + SqlLiterals.string(LINEAGE);
  }

  /** Adds the {@link #LINEAGE} column to an offsets table created before it existed. */
  public String addLineageColumn() {
    return "ALTER TABLE " + qualified() + " ADD COLUMN " + names.quote(LINEAGE) + " VARCHAR(1020)";
  }

  /**
   * Creates the offsets row of each partition in {@code partitions} that has none, with {@link
   * #NOTHING_COMMITTED}: one transaction, idempotent, under an exclusive {@code LOCK} of the table
   * taken as its first statement (before the snapshot), so two tasks claiming at once create one
   * row. Why: a guard that expects "no row" holds for two concurrent first transactions under
   * snapshot isolation (both insert, neither conflicts); a guard on a row that exists makes them
   * both update that row, a write-write conflict (1023) for the second.
   */
  public List<String> claim(java.util.Collection<SourceOffset.TopicPartitionKey> partitions) {
    if (partitions.isEmpty()) {
      return List.of();
    }
    List<String> rows = new ArrayList<>();
    for (SourceOffset.TopicPartitionKey tp : new java.util.TreeSet<>(partitions)) {
      rows.add(
          "SELECT "
              + SqlLiterals.string(connectorName)
              + ", "
              + SqlLiterals.string(tp.topic())
              + ", "
              + tp.partition()
              + ", "
              + NOTHING_COMMITTED
              + " WHERE NOT EXISTS (SELECT 1 FROM "
              + qualified()
              + " WHERE "
              + names.quote(CONNECTOR)
              + " = "
              + SqlLiterals.string(connectorName)
              + " AND "
              + keyMatch(tp)
              + ")");
    }
    return List.of(lock(), insertInto() + String.join(" UNION ALL ", rows));
  }

  /**
   * An exclusive lock of the offsets table; as a transaction's first statement, before its
   * snapshot.
   */
  public String lock() {
    return "LOCK " + qualified();
  }

  /**
   * The database's isolation level ({@code Serializable} or {@code Snapshot Isolation}), from
   * Redshift's STV_DB_ISOLATION_LEVEL.
   */
  public static String isolationLevelQuery() {
    return "SELECT isolation_level FROM stv_db_isolation_level WHERE db_name = current_database()";
  }

  private String insertInto() {
    return insertInto(false);
  }

  private String insertInto(boolean withLineage) {
    return "INSERT INTO "
        + qualified()
        + " ("
        + names.quote(CONNECTOR)
        + ", "
        + names.quote(TOPIC)
        + ", "
        + names.quote(PARTITION)
        + ", "
        + names.quote(NEXT_OFFSET)
        + (withLineage ? ", " + names.quote(LINEAGE) : "")
        + ") ";
  }

  /**
   * Selects topic, partition, next offset and lineage mark of this connector, in that column order.
   */
  public String selectCommitted() {
    return "SELECT "
        + names.quote(TOPIC)
        + ", "
        + names.quote(PARTITION)
        + ", "
        + names.quote(NEXT_OFFSET)
        + ", "
        + names.quote(LINEAGE)
        + " FROM "
        + qualified()
        + " WHERE "
        + names.quote(CONNECTOR)
        + " = "
        + SqlLiterals.string(connectorName)
        + " ORDER BY 1, 2";
  }

  /**
   * The rows {@link #selectCommitted()} returned, as the next offset per topic partition: where the
   * task seeks on open and what preCommit may report.
   */
  public static Map<SourceOffset.TopicPartitionKey, Long> parseCommitted(List<List<String>> rows) {
    Map<SourceOffset.TopicPartitionKey, Long> committed = new java.util.TreeMap<>();
    for (List<String> row : rows) {
      if (row.size() < 3
          || row.size() > 4
          || row.subList(0, 3).stream().anyMatch(java.util.Objects::isNull)) {
        throw new IllegalStateException("unexpected offsets row " + row);
      }
      committed.put(
          new SourceOffset.TopicPartitionKey(row.get(0), Integer.parseInt(row.get(1))),
          Long.parseLong(row.get(2)));
    }
    return committed;
  }

  /**
   * The lineage marks {@link #selectCommitted()} returned per topic partition (absent: NULL, or a
   * row without the column).
   */
  public static Map<SourceOffset.TopicPartitionKey, String> parseLineage(List<List<String>> rows) {
    Map<SourceOffset.TopicPartitionKey, String> marks = new java.util.TreeMap<>();
    for (List<String> row : rows) {
      if (row.size() == 4 && row.get(3) != null && !row.get(3).isEmpty()) {
        marks.put(
            new SourceOffset.TopicPartitionKey(row.get(0), Integer.parseInt(row.get(1))),
            row.get(3));
      }
    }
    return marks;
  }

  /**
   * The temporary table that fences every load transaction: created by {@link #guard(Map)} as the
   * transaction's first statement, one row whose column {@code ok} is 1 when this connector's
   * offsets rows are as the writer last read or wrote them, else 0. Every data statement and the
   * offsets statements apply only where it holds ({@link #guardHolds(RedshiftNames)}).
   */
  public static final String GUARD_TABLE = "tidemark_guard";

  static final String GUARD_OK = "ok";

  /**
   * Where in a transaction ended by {@link #upsert(Map)} the offsets INSERT is, counted from the
   * end: its row count is the number of partitions when the guard held, 0 when it did not.
   */
  public static final int INSERT_FROM_END = 2;

  /** A condition that is true only when this transaction's guard held. */
  public static String guardHolds(RedshiftNames names) {
    String guard = names.quote(GUARD_TABLE);
    return "EXISTS (SELECT 1 FROM "
        + guard
        + " WHERE "
        + guard
        + "."
        + names.quote(GUARD_OK)
        + " = 1)";
  }

  /**
   * The fence, a transaction's first statement: the guard holds when, for every partition in {@code
   * expected}, the offsets row has that next offset ({@code null}: there is no row; the writer
   * {@linkplain #claim claims} rows first, so it does not expect that). Under Redshift's snapshot
   * or serializable isolation the check and the transaction's writes see the same snapshot, and a
   * concurrent change to the same (existing) rows is a serialization error.
   */
  public String guard(Map<SourceOffset.TopicPartitionKey, Long> expected) {
    String create = "CREATE TEMP TABLE " + names.quote(GUARD_TABLE) + " AS SELECT ";
    if (expected.isEmpty()) {
      return create + "1 AS " + names.quote(GUARD_OK);
    }
    List<String> keys = new ArrayList<>();
    List<String> matches = new ArrayList<>();
    for (Map.Entry<SourceOffset.TopicPartitionKey, Long> e : expected.entrySet()) {
      String key = keyMatch(e.getKey());
      keys.add(key);
      if (e.getValue() != null) {
        matches.add("(" + key + " AND " + names.quote(NEXT_OFFSET) + " = " + e.getValue() + ")");
      }
    }
    String holds = "COUNT(*) = " + matches.size();
    if (!matches.isEmpty()) {
      holds +=
          " AND COALESCE(SUM(CASE WHEN "
              + String.join(" OR ", matches)
              + " THEN 1 ELSE 0 END), 0) = "
              + matches.size();
    }
    return create
        + "CASE WHEN "
        + holds
        + " THEN 1 ELSE 0 END AS "
        + names.quote(GUARD_OK)
        + " FROM "
        + qualified()
        + " WHERE "
        + names.quote(CONNECTOR)
        + " = "
        + SqlLiterals.string(connectorName)
        + " AND ("
        + String.join(" OR ", keys)
        + ")";
  }

  /**
   * {@code tx} fenced: the guard for the partitions it commits, expecting the offsets in {@code
   * committed} (what this writer last read or wrote), then its statements.
   */
  public List<String> guarded(Transaction tx, Map<SourceOffset.TopicPartitionKey, Long> committed) {
    return guarded(tx, committed, false);
  }

  /**
   * {@link #guarded(Transaction, Map)}, opened by an exclusive {@code LOCK} of the offsets table
   * when {@code lockFirst}: taken before the transaction's snapshot, so every transaction that
   * writes this offsets table runs after the previous one committed. Under SERIALIZABLE isolation
   * that is what keeps two transactions that each read (the guard) and write the offsets table from
   * forming a read/write cycle, which Redshift detects per table, not per row.
   */
  public List<String> guarded(
      Transaction tx, Map<SourceOffset.TopicPartitionKey, Long> committed, boolean lockFirst) {
    Map<SourceOffset.TopicPartitionKey, Long> expected = new java.util.TreeMap<>();
    tx.offsets().keySet().forEach(tp -> expected.put(tp, committed.get(tp)));
    List<String> statements = new ArrayList<>(tx.statements().size() + 2);
    if (lockFirst) {
      statements.add(lock());
    }
    statements.add(guard(expected));
    statements.addAll(tx.statements());
    return statements;
  }

  private String keyMatch(SourceOffset.TopicPartitionKey tp) {
    return "("
        + names.quote(TOPIC)
        + " = "
        + SqlLiterals.string(tp.topic())
        + " AND "
        + names.quote(PARTITION)
        + " = "
        + tp.partition()
        + ")";
  }

  /**
   * The statements that close a fenced transaction. Redshift has no ON CONFLICT: a DELETE then an
   * INSERT, both only where the guard holds, then the guard is dropped. The INSERT's row count
   * tells whether the transaction applied ({@link #INSERT_FROM_END}).
   */
  public List<String> upsert(Map<SourceOffset.TopicPartitionKey, Long> nextOffsets) {
    return upsert(nextOffsets, null);
  }

  /**
   * {@link #upsert(Map)} that also writes each partition's lineage mark from {@code lineage} (NULL
   * where it has none; {@code lineage} null: the column is not written, as the planners render it
   * before the writer adds the marks).
   */
  public List<String> upsert(
      Map<SourceOffset.TopicPartitionKey, Long> nextOffsets,
      Map<SourceOffset.TopicPartitionKey, String> lineage) {
    String drop = "DROP TABLE " + names.quote(GUARD_TABLE);
    if (nextOffsets.isEmpty()) {
      return List.of(drop);
    }
    String guardFrom =
        " FROM " + names.quote(GUARD_TABLE) + " WHERE " + names.quote(GUARD_OK) + " = 1";
    List<String> match = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    for (Map.Entry<SourceOffset.TopicPartitionKey, Long> e : nextOffsets.entrySet()) {
      match.add(keyMatch(e.getKey()));
      rows.add(
          "SELECT "
              + SqlLiterals.string(connectorName)
              + ", "
              + SqlLiterals.string(e.getKey().topic())
              + ", "
              + e.getKey().partition()
              + ", "
              + e.getValue()
              + (lineage == null
                  ? ""
                  : ", "
                      + (lineage.get(e.getKey()) == null
                          ? "CAST(NULL AS VARCHAR(1020))"
                          : SqlLiterals.string(lineage.get(e.getKey()))))
              + guardFrom);
    }
    String delete =
        "DELETE FROM "
            + qualified()
            + " WHERE "
            + names.quote(CONNECTOR)
            + " = "
            + SqlLiterals.string(connectorName)
            + " AND ("
            + String.join(" OR ", match)
            + ") AND "
            + guardHolds(names);
    String insert = insertInto(lineage != null) + String.join(" UNION ALL ", rows);
    return List.of(delete, insert, drop);
  }
}
