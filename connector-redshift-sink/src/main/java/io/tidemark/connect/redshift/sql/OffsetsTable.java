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
        + "PRIMARY KEY ("
        + names.quote(CONNECTOR)
        + ", "
        + names.quote(TOPIC)
        + ", "
        + names.quote(PARTITION)
        + "))";
  }

  /** Selects topic, partition and next offset of this connector, in that column order. */
  public String selectCommitted() {
    return "SELECT "
        + names.quote(TOPIC)
        + ", "
        + names.quote(PARTITION)
        + ", "
        + names.quote(NEXT_OFFSET)
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
      if (row.size() != 3 || row.stream().anyMatch(java.util.Objects::isNull)) {
        throw new IllegalStateException("unexpected offsets row " + row);
      }
      committed.put(
          new SourceOffset.TopicPartitionKey(row.get(0), Integer.parseInt(row.get(1))),
          Long.parseLong(row.get(2)));
    }
    return committed;
  }

  /** Redshift has no ON CONFLICT: a DELETE then an INSERT, inside the data transaction. */
  public List<String> upsert(Map<SourceOffset.TopicPartitionKey, Long> nextOffsets) {
    if (nextOffsets.isEmpty()) {
      return List.of();
    }
    List<String> match = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    for (Map.Entry<SourceOffset.TopicPartitionKey, Long> e : nextOffsets.entrySet()) {
      String topic = SqlLiterals.string(e.getKey().topic());
      int partition = e.getKey().partition();
      match.add(
          "("
              + names.quote(TOPIC)
              + " = "
              + topic
              + " AND "
              + names.quote(PARTITION)
              + " = "
              + partition
              + ")");
      rows.add(
          "("
              + SqlLiterals.string(connectorName)
              + ", "
              + topic
              + ", "
              + partition
              + ", "
              + e.getValue()
              + ")");
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
            + ")";
    String insert =
        "INSERT INTO "
            + qualified()
            + " ("
            + names.quote(CONNECTOR)
            + ", "
            + names.quote(TOPIC)
            + ", "
            + names.quote(PARTITION)
            + ", "
            + names.quote(NEXT_OFFSET)
            + ") VALUES "
            + String.join(", ", rows);
    return List.of(delete, insert);
  }
}
