package io.tidemark.connect.athena.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.component.TrinoServer;
import io.tidemark.stack.kit.TopicReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo's two tables through the whole pipeline, deployed from the shipped configs: MariaDB ->
 * Debezium -> S3 sink (Parquet, CdcUnwrap, commit events) -> this connector -> Iceberg. Each
 * engine's IT names its own database, topics, bucket prefix and Iceberg schema, so both can share
 * the stack.
 */
final class PipelineScenario {

  static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(180);
  static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(300);
  static final LocalDate D = LocalDate.now(java.time.ZoneOffset.UTC);

  final LocalStack stack;
  final String tag;
  final String db;
  final String prefix;
  final String schema;
  final String commits;
  final String mergeConnector;
  final Map<String, String> engineValues;
  final Map<String, String> extraMergeValues = new LinkedHashMap<>();
  final Map<String, String> mergeOverrides = new LinkedHashMap<>();

  PipelineScenario(LocalStack stack, String tag, Map<String, String> engineValues) {
    this.stack = stack;
    this.tag = tag;
    this.db = "am_" + tag;
    this.prefix = "am" + tag;
    this.schema = "lake_" + tag;
    this.commits = prefix + ".commits";
    this.mergeConnector = prefix + "-merge";
    this.engineValues = engineValues;
  }

  String topic(String table) {
    return prefix + "." + db + "." + table;
  }

  /** MySQL tables with the demo's initial rows, Debezium, the S3 sink and the Iceberg schema. */
  void startSourceAndLanding(int serverId) throws Exception {
    stack
        .mysql()
        .execute(
            "CREATE DATABASE " + db,
            "CREATE TABLE " + db + ".users (id BIGINT PRIMARY KEY, registration_date DATE)",
            "CREATE TABLE "
                + db
                + ".transactions (transaction_id BIGINT PRIMARY KEY, user_id BIGINT, total_cost DECIMAL(10,2), dt DATE)",
            "INSERT INTO " + db + ".users VALUES (1, '" + D + "'), (2, '" + D.minusDays(1) + "')",
            "INSERT INTO "
                + db
                + ".transactions VALUES "
                + "(1, 1, 10.99, '"
                + D
                + "'), (2, 2, 4.99, '"
                + D
                + "'), (3, 2, 4.99, '"
                + D.minusDays(3)
                + "'), "
                + "(4, 1, 4.99, '"
                + D.minusDays(3)
                + "'), (5, 1, 5.99, '"
                + D.minusDays(2)
                + "'), "
                + "(6, 1, 15.99, '"
                + D.minusDays(1)
                + "'), (7, 1, 55.99, '"
                + D.minusDays(4)
                + "')");
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json").named(prefix + "-cdc"),
        Map.of(
            "TOPIC_PREFIX",
            prefix,
            "MYSQL_DATABASES",
            db,
            "MYSQL_SERVER_ID",
            Integer.toString(serverId)),
        DEPLOY_TIMEOUT);
    stack.deploy(
        ConnectorConfig.load("local/s3-sink.json"),
        Map.of(
            "CONNECTOR_NAME",
            prefix + "-s3",
            "TOPICS",
            topic("users") + "," + topic("transactions"),
            "S3_PREFIX",
            prefix + "-raw",
            "COMMIT_EVENTS_TOPIC",
            commits,
            "ROTATE_SCHEDULE_MS",
            "2000",
            "ROTATE_RECORDS",
            "1000"),
        DEPLOY_TIMEOUT);
    trino(
        "CREATE SCHEMA IF NOT EXISTS iceberg."
            + schema
            + " WITH (location = 's3://"
            + S3Server.BUCKET
            + "/warehouse/"
            + schema
            + "')");
  }

  /** Deploys (or reconfigures) this connector from connect-configs/local/athena-merge.json. */
  void deployMerge() {
    Map<String, String> values = new LinkedHashMap<>(engineValues);
    values.put("CONNECTOR_NAME", mergeConnector);
    values.put("COMMIT_EVENTS_TOPIC", commits);
    values.put("TOPIC_PREFIX", prefix);
    values.put("MYSQL_DATABASE", db);
    values.put("S3_PREFIX", prefix + "-raw");
    values.put("LAKE_SCHEMA", schema);
    values.put("MERGE_INTERVAL_MS", "2000");
    values.putAll(extraMergeValues);
    stack.deploy(
        ConnectorConfig.load("local/athena-merge.json").with(mergeOverrides),
        values,
        DEPLOY_TIMEOUT);
  }

  void mysql(String... statements) throws SQLException {
    try (Connection c = stack.mysql().connection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      for (String sql : statements) {
        s.execute(sql.replace("{db}", db));
      }
      c.commit();
    }
  }

  void trino(String sql) throws SQLException {
    try (Connection c = trinoConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  Connection trinoConnection() throws SQLException {
    return DriverManager.getConnection(
        stack.get(TrinoServer.class).jdbcUrl(), TrinoServer.USER, null);
  }

  /** The three comparisons: both mirrors and the aggregate, MySQL first. */
  record Snapshot(List<String> users, List<String> transactions, List<String> aggregate) {}

  Snapshot mysqlSnapshot(String userColumns) throws SQLException {
    try (Connection c = stack.mysql().connection()) {
      return new Snapshot(
          rows(c, "SELECT " + userColumns + " FROM " + db + ".users ORDER BY id"),
          rows(
              c,
              "SELECT transaction_id, user_id, total_cost, dt FROM "
                  + db
                  + ".transactions ORDER BY transaction_id"),
          rows(
              c,
              "SELECT t.dt, t.user_id, CAST(SUM(t.total_cost) AS DECIMAL(12,2)), MAX(u.registration_date) FROM "
                  + db
                  + ".transactions t LEFT JOIN "
                  + db
                  + ".users u ON u.id = t.user_id WHERE t.user_id IS NOT NULL"
                  + " GROUP BY t.dt, t.user_id ORDER BY t.dt, t.user_id"));
    }
  }

  Snapshot icebergSnapshot(String userColumns) throws SQLException {
    String s = "iceberg." + schema;
    try (Connection c = trinoConnection()) {
      return new Snapshot(
          rows(c, "SELECT " + userColumns + " FROM " + s + ".users ORDER BY id"),
          rows(
              c,
              "SELECT transaction_id, user_id, total_cost, dt FROM "
                  + s
                  + ".transactions ORDER BY transaction_id"),
          rows(
              c,
              "SELECT dt, user_id, total_cost_usd, registration_date FROM "
                  + s
                  + ".user_transactions ORDER BY dt, user_id"));
    } catch (SQLException e) {
      return new Snapshot(List.of("not readable yet: " + e.getMessage()), List.of(), List.of());
    }
  }

  static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(r.getString(i));
        }
        out.add(String.join("|", cells));
      }
    }
    return out;
  }

  /**
   * Waits until Iceberg equals MySQL (both mirrors and the aggregate); fails at once when the
   * connector fails, and with the difference when the deadline passes.
   */
  void awaitEqual(String stage, String userColumns) throws Exception {
    Snapshot expected = mysqlSnapshot(userColumns);
    long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
    Snapshot actual = icebergSnapshot(userColumns);
    while (!actual.equals(expected) && System.nanoTime() < deadline) {
      assertRunning();
      Thread.sleep(1000);
      actual = icebergSnapshot(userColumns);
    }
    assertThat(actual)
        .as("%s: Iceberg (users, transactions, user_transactions) equals MySQL", stage)
        .isEqualTo(expected);
    System.out.printf(
        "%s %s: equal (%d users, %d transactions, %d aggregate rows)%n",
        mergeConnector,
        stage,
        expected.users().size(),
        expected.transactions().size(),
        expected.aggregate().size());
  }

  void assertRunning() {
    JsonNode status = stack.connect().rest().status(mergeConnector);
    for (JsonNode task : status.path("tasks")) {
      assertThat(task.path("state").asText())
          .as("%s task: %s", mergeConnector, task.path("trace").asText())
          .isNotEqualTo("FAILED");
    }
  }

  /** Sends every commit event read so far again, as a crashed S3 sink or a rewind would. */
  int replayCommitEvents() {
    List<ConsumerRecord<String, String>> events;
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), commits)) {
      events = reader.readUntil(r -> !r.isEmpty(), DEPLOY_TIMEOUT);
      events = new ArrayList<>(events);
      events.addAll(reader.poll(Duration.ofSeconds(2)));
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (ConsumerRecord<String, String> e : events) {
        producer.send(new ProducerRecord<>(commits, e.key(), e.value()));
      }
      producer.flush();
    }
    return events.size();
  }

  /**
   * The stream after the initial load: every kind of change the demo plays, plus several changes of
   * one key in one batch.
   */
  void playChanges() throws SQLException {
    mysql(
        "INSERT INTO {db}.transactions VALUES (8, 1, 7.50, '"
            + D
            + "'), (9, 2, 3.25, '"
            + D.minusDays(1)
            + "')",
        // Several changes of one key in one transaction and batch: the newest must win.
        "UPDATE {db}.transactions SET total_cost = 11.00 WHERE transaction_id = 1",
        "UPDATE {db}.transactions SET total_cost = 12.00 WHERE transaction_id = 1",
        "UPDATE {db}.transactions SET total_cost = 13.00 WHERE transaction_id = 1");
    mysql(
        "DELETE FROM {db}.transactions WHERE transaction_id = 3",
        "INSERT INTO {db}.users VALUES (3, '" + D + "')",
        "INSERT INTO {db}.transactions VALUES (10, 3, 99.99, '" + D + "')",
        "UPDATE {db}.users SET registration_date = '" + D.minusDays(5) + "' WHERE id = 2",
        // A transaction moves to another day: revenue must leave the old day's row.
        "UPDATE {db}.transactions SET dt = '" + D.minusDays(2) + "' WHERE transaction_id = 6",
        // Deleted and inserted again within the batch.
        "DELETE FROM {db}.transactions WHERE transaction_id = 4",
        "INSERT INTO {db}.transactions VALUES (4, 2, 1.00, '" + D.minusDays(3) + "')");
  }
}
