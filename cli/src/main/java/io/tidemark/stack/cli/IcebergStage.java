package io.tidemark.stack.cli;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.StackException;
import io.tidemark.stack.athena.AthenaComponent;
import io.tidemark.stack.athena.LakeTables;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.component.TrinoServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Iceberg stage: the Athena MERGE companion (connect-configs/local/athena-merge.json, {@code
 * engine=athena}) consumes the {@code s3-landing} sink's commit events and MERGEs exactly the new
 * objects into the Iceberg tables {@code lake.users} and {@code lake.transactions}, then maintains
 * {@code lake.user_transactions}. It talks to the stack's Athena API stand-in (AWS SDK, Athena DDL
 * translated), which runs the SQL on the stack's Trino; the demo reads the tables back through
 * Trino.
 */
final class IcebergStage implements DemoStage {
  static final String SCHEMA = "lake";
  static final String CONNECTOR = "athena-merge";

  @Override
  public String name() {
    return "Iceberg";
  }

  @Override
  public List<ConnectorConfig> deploy(DemoContext demo) {
    // The Glue database Athena would need: a schema of the Iceberg catalog (the Hive catalog
    // shares its metastore), created before the connector's DDL runs.
    LakeTables.query(
        trino(demo),
        "CREATE SCHEMA IF NOT EXISTS iceberg."
            + SCHEMA
            + " WITH (location = 's3://"
            + S3Server.BUCKET
            + "/warehouse/"
            + SCHEMA
            + "')");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("CONNECTOR_NAME", CONNECTOR);
    values.put("MERGE_ENGINE", "athena");
    values.put("COMMIT_EVENTS_TOPIC", LakeStage.COMMITS_TOPIC);
    values.put("TOPIC_PREFIX", DemoContext.TOPIC_PREFIX);
    values.put("MYSQL_DATABASE", DemoScenario.DATABASE);
    values.put("S3_PREFIX", LakeStage.LANDING_PREFIX);
    values.put("LAKE_SCHEMA", SCHEMA);
    values.put("MERGE_INTERVAL_MS", "2000");
    ConnectorConfig deployed =
        demo.stack()
            .deploy(ConnectorConfig.load("local/athena-merge.json"), values, demo.timeout());
    demo.out()
        .printf(
            "  [Iceberg] connector %s: engine athena through the Athena API stand-in at %s; MERGEs the landed objects"
                + " into iceberg.%s.users and iceberg.%s.transactions, then iceberg.%s.user_transactions%n",
            CONNECTOR, demo.stack().get(AthenaComponent.class).endpoint(), SCHEMA, SCHEMA, SCHEMA);
    return List.of(deployed);
  }

  @Override
  public String progress(DemoContext demo) {
    try {
      List<List<String>> counts =
          LakeTables.query(
              trino(demo),
              "SELECT (SELECT count(*) FROM iceberg."
                  + SCHEMA
                  + ".users), "
                  + "(SELECT count(*) FROM iceberg."
                  + SCHEMA
                  + ".transactions), (SELECT count(*) FROM iceberg."
                  + SCHEMA
                  + ".user_transactions)");
      List<String> row = counts.get(1);
      return String.format(
          "users %s rows, transactions %s rows, user_transactions %s rows",
          row.get(0), row.get(1), row.get(2));
    } catch (StackException e) {
      return "no tables yet (the first MERGE creates them)";
    }
  }

  /** Waits until the three tables equal MySQL; stops early when the connector fails. */
  @Override
  public boolean awaitAndCheck(DemoContext demo) {
    Map<String, List<String>> expected = MysqlTables.read(demo.stack().mysql());
    long deadline = System.nanoTime() + demo.timeout().toNanos();
    while (true) {
      Optional<String> failure = demo.failure(CONNECTOR);
      if (failure.isPresent()) {
        demo.out().println("  [Iceberg] connector " + CONNECTOR + " FAILED: " + failure.get());
        return false;
      }
      if (readable(demo) && tables(demo).equals(expected)) {
        demo.out().println("  [Iceberg] caught up: " + progress(demo));
        return true;
      }
      if (System.nanoTime() > deadline) {
        demo.out()
            .printf(
                "  [Iceberg] did not catch up with MySQL within %d s (%s)%n",
                demo.timeout().toSeconds(), progress(demo));
        return false;
      }
      DemoContext.pause(1000);
    }
  }

  @Override
  public Map<String, List<String>> tables(DemoContext demo) {
    String s = "iceberg." + SCHEMA + ".";
    Map<String, List<String>> tables = new LinkedHashMap<>();
    tables.put(
        MysqlTables.USERS,
        rows(demo, "SELECT " + MysqlTables.USERS_COLUMNS + " FROM " + s + "users ORDER BY id"));
    tables.put(
        MysqlTables.TRANSACTIONS,
        rows(
            demo,
            "SELECT "
                + MysqlTables.TRANSACTIONS_COLUMNS
                + " FROM "
                + s
                + "transactions ORDER BY transaction_id"));
    tables.put(
        MysqlTables.USER_TRANSACTIONS,
        rows(
            demo,
            "SELECT "
                + MysqlTables.AGGREGATE_COLUMNS
                + " FROM "
                + s
                + "user_transactions ORDER BY dt, user_id"));
    return tables;
  }

  @Override
  public List<String> inspect(DemoContext demo) {
    TrinoServer trino = trino(demo);
    return List.of(
        "Iceberg tables iceberg."
            + SCHEMA
            + ".users, iceberg."
            + SCHEMA
            + ".transactions, iceberg."
            + SCHEMA
            + ".user_transactions: Trino JDBC "
            + trino.jdbcUrl()
            + " (user "
            + TrinoServer.USER
            + ", no password) or "
            + trino.endpoint()
            + "; Athena API "
            + demo.stack().get(AthenaComponent.class).endpoint()
            + " (database "
            + SCHEMA
            + "); files under s3://"
            + S3Server.BUCKET
            + "/warehouse/"
            + SCHEMA
            + "/");
  }

  private boolean readable(DemoContext demo) {
    try {
      tables(demo);
      return true;
    } catch (StackException e) {
      return false;
    }
  }

  private static List<String> rows(DemoContext demo, String sql) {
    List<List<String>> result = LakeTables.query(trino(demo), sql);
    return result.subList(1, result.size()).stream().map(row -> String.join("|", row)).toList();
  }

  private static TrinoServer trino(DemoContext demo) {
    return demo.stack().get(TrinoServer.class);
  }
}
