package io.tidemark.stack.cli;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.StackException;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.kit.SqlRows;
import io.tidemark.stack.redshift.RedshiftDataApiComponent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The Redshift stage: the Redshift sink from connect-configs/local/redshift-sink.json (upsert mode,
 * copy load path: every batch staged in S3 and COPYed) applies the changes of both tables through
 * the stack's Redshift Data API stand-in, whose tables live in PostgreSQL. It has caught up when
 * both tables equal MySQL and its offsets table, written in the same transaction as the rows,
 * points at the end of each topic. {@code user_transactions} is the seed's BI query run on the
 * Redshift copy.
 */
final class RedshiftStage implements DemoStage {
  static final String CONNECTOR = "redshift-sink";
  static final String SCHEMA = "public";

  /** The sink's table names: the topic names, normalised for Redshift. */
  static final String USERS_TABLE = SCHEMA + ".tidemark_myschema_users";

  static final String TRANSACTIONS_TABLE = SCHEMA + ".tidemark_myschema_transactions";
  static final String OFFSETS_TABLE = SCHEMA + ".tidemark_offsets";

  @Override
  public String name() {
    return "Redshift";
  }

  @Override
  public List<ConnectorConfig> deploy(DemoContext demo) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("CONNECTOR_NAME", CONNECTOR);
    values.put(
        "TOPICS", demo.topic(MysqlTables.USERS) + "," + demo.topic(MysqlTables.TRANSACTIONS));
    values.put("REDSHIFT_SCHEMA", SCHEMA);
    // The demo's batches are a few rows; the copy path is the one worth showing.
    values.put("REDSHIFT_COPY_MIN_ROWS", "1");
    ConnectorConfig deployed =
        demo.stack()
            .deploy(ConnectorConfig.load("local/redshift-sink.json"), values, demo.timeout());
    demo.out()
        .printf(
            "  [Redshift] connector %s: upserts and deletes into %s and %s through the Redshift Data API"
                + " stand-in at %s (COPY from S3 staging, offsets in %s in the same transaction)%n",
            CONNECTOR,
            USERS_TABLE,
            TRANSACTIONS_TABLE,
            demo.stack().get(RedshiftDataApiComponent.class).endpoint(),
            OFFSETS_TABLE);
    return List.of(deployed);
  }

  @Override
  public String progress(DemoContext demo) {
    try {
      List<List<String>> counts =
          query(
              demo,
              "SELECT (SELECT count(*) FROM "
                  + USERS_TABLE
                  + "), (SELECT count(*) FROM "
                  + TRANSACTIONS_TABLE
                  + ")");
      return String.format(
          "users %s rows, transactions %s rows", counts.get(0).get(0), counts.get(0).get(1));
    } catch (StackException e) {
      return "no tables yet (the first batch creates them)";
    }
  }

  /** Waits until both tables equal MySQL and the offsets row of every topic is at its end. */
  @Override
  public boolean awaitAndCheck(DemoContext demo) {
    Map<String, List<String>> expected = MysqlTables.read(demo.stack().mysql());
    Map<String, String> ends = topicEnds(demo);
    long deadline = System.nanoTime() + demo.timeout().toNanos();
    while (true) {
      Optional<String> failure = demo.failure(CONNECTOR);
      if (failure.isPresent()) {
        demo.out().println("  [Redshift] connector " + CONNECTOR + " FAILED: " + failure.get());
        return false;
      }
      Optional<Map<String, List<String>>> tables = readable(demo);
      Optional<Map<String, String>> offsets = committedOffsets(demo);
      if (tables.isPresent()
          && tables.get().equals(expected)
          && offsets.isPresent()
          && offsets.get().equals(ends)) {
        demo.out()
            .println(
                "  [Redshift] caught up: "
                    + progress(demo)
                    + "; committed offsets "
                    + offsets.get()
                    + " = the topics' ends");
        return true;
      }
      if (System.nanoTime() > deadline) {
        demo.out()
            .printf(
                "  [Redshift] did not catch up with MySQL within %d s (%s; committed offsets %s, topic ends %s)%n",
                demo.timeout().toSeconds(),
                progress(demo),
                offsets.map(Object::toString).orElse("none"),
                ends);
        return false;
      }
      DemoContext.pause(1000);
    }
  }

  @Override
  public Map<String, List<String>> tables(DemoContext demo) {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    tables.put(
        MysqlTables.USERS,
        rows(
            demo, "SELECT " + MysqlTables.USERS_COLUMNS + " FROM " + USERS_TABLE + " ORDER BY id"));
    tables.put(
        MysqlTables.TRANSACTIONS,
        rows(
            demo,
            "SELECT "
                + MysqlTables.TRANSACTIONS_COLUMNS
                + " FROM "
                + TRANSACTIONS_TABLE
                + " ORDER BY transaction_id"));
    // The seed's BI table, computed on the warehouse copy as an analyst would.
    tables.put(
        MysqlTables.USER_TRANSACTIONS,
        rows(
            demo,
            "SELECT t.dt, t.user_id, CAST(SUM(t.total_cost) AS DECIMAL(12,2)), MAX(u.registration_date)"
                + " FROM "
                + TRANSACTIONS_TABLE
                + " t LEFT JOIN "
                + USERS_TABLE
                + " u ON u.id = t.user_id"
                + " WHERE t.user_id IS NOT NULL GROUP BY t.dt, t.user_id ORDER BY t.dt, t.user_id"));
    return tables;
  }

  @Override
  public List<String> inspect(DemoContext demo) {
    RedshiftDataApiComponent redshift = demo.stack().get(RedshiftDataApiComponent.class);
    return List.of(
        "tables "
            + USERS_TABLE
            + ", "
            + TRANSACTIONS_TABLE
            + " and "
            + OFFSETS_TABLE
            + ": Redshift Data API "
            + redshift.endpoint()
            + " (workgroup "
            + RedshiftDataApiComponent.WORKGROUP
            + ", database "
            + Postgres.DATABASE
            + "), or directly: psql -h 127.0.0.1 -p "
            + demo.stack().postgres().port()
            + " -U "
            + Postgres.USER
            + " "
            + Postgres.DATABASE);
  }

  /**
   * Topic -> end offset (partition 0; the demo topics have one partition), from the events read.
   */
  private static Map<String, String> topicEnds(DemoContext demo) {
    Map<String, String> ends = new TreeMap<>();
    demo.changeEvents()
        .get()
        .forEach(
            (topic, records) ->
                ends.put(
                    topic,
                    Long.toString(
                        records.stream().mapToLong(ConsumerRecord::offset).max().orElse(-1) + 1)));
    return ends;
  }

  private static Optional<Map<String, String>> committedOffsets(DemoContext demo) {
    try {
      return Optional.of(
          query(
                  demo,
                  "SELECT topic, next_offset FROM "
                      + OFFSETS_TABLE
                      + " WHERE connector_name = '"
                      + CONNECTOR
                      + "' AND kafka_partition = 0")
              .stream()
              .collect(Collectors.toMap(r -> r.get(0), r -> r.get(1), (a, b) -> b, TreeMap::new)));
    } catch (StackException e) {
      return Optional.empty();
    }
  }

  private Optional<Map<String, List<String>>> readable(DemoContext demo) {
    try {
      return Optional.of(tables(demo));
    } catch (StackException e) {
      return Optional.empty();
    }
  }

  private static List<String> rows(DemoContext demo, String sql) {
    return query(demo, sql).stream().map(row -> String.join("|", row)).toList();
  }

  /** Rows as text cells, null as {@code NULL}, like {@link MysqlTables}. */
  private static List<List<String>> query(DemoContext demo, String sql) {
    try (Connection connection = demo.stack().postgres().connection(Postgres.DATABASE)) {
      return SqlRows.text(connection, sql);
    } catch (SQLException e) {
      throw new StackException("demo", "Redshift query failed: " + e.getMessage(), e);
    }
  }
}
