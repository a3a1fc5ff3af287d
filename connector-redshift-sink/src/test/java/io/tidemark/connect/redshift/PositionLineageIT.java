package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.TopicReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real binlog lineage change on the local stack: MariaDB -> Debezium -> Kafka, then {@code RESET
 * MASTER} and Debezium deployed again (as after a fail-over or a restore: its offsets name a binlog
 * file the server no longer has), so the next update of an existing key is logged in {@code
 * mysql-bin.000001} and its change position sorts before the key's earlier update. The Redshift
 * sink (the shipped config, CdcUnwrap in front, through the Data API stand-in):
 *
 * <ul>
 *   <li>with the check off, applies the whole topic and silently keeps the older update (what the
 *       check is for);
 *   <li>with the check (the default), fails the task naming topic-partition@offset, both positions
 *       and the epoch to set, having committed exactly the changes before the break;
 *   <li>with CdcUnwrap's {@code position.epoch=1}, applies the change: the table equals MySQL.
 * </ul>
 *
 * Runs {@code RESET MASTER} on the stack's shared MariaDB: Debezium connectors of other tests in
 * the same JVM that still stream lose their binlog file.
 */
@ExtendWith(LocalStackExtension.class)
class PositionLineageIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String TOPIC = "plit.pl_it.accounts";
  private static final String TABLE = RedshiftNames.defaults().normalize(TOPIC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aBinlogLineageChangeStopsTheSinkNamingTheChangeAndARaisedEpochAppliesIt(LocalStack stack)
      throws Exception {
    stack
        .mysql()
        .execute(
            "CREATE DATABASE pl_it",
            "CREATE TABLE pl_it.accounts (id INT PRIMARY KEY, balance INT)",
            "CREATE TABLE pl_it.marker (id INT PRIMARY KEY)",
            "INSERT INTO pl_it.accounts VALUES (1, 0), (2, 0)",
            // Past the first file, so that the reset numbering clearly goes back.
            "FLUSH BINARY LOGS",
            "FLUSH BINARY LOGS");
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json").named("pl-it-cdc"),
        Map.of("TOPIC_PREFIX", "plit", "MYSQL_DATABASES", "pl_it", "MYSQL_SERVER_ID", "5531"),
        TIMEOUT);
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), TOPIC)) {
      reader.readUntil(records -> records.size() >= 2, TIMEOUT); // the snapshot
      stack.mysql().execute("UPDATE pl_it.accounts SET balance = 10 WHERE id = 1");
      reader.readUntil(records -> records.size() >= 3, TIMEOUT);

      // The source's log lineage changes.
      stack.connect().rest().delete("pl-it-cdc");
      Thread.sleep(2_000);
      // A write after the reset: Debezium's MariaDB client cannot start from an empty GTID state.
      stack.mysql().execute("RESET MASTER", "INSERT INTO pl_it.marker VALUES (0)");
      stack.deploy(
          ConnectorConfig.load("local/debezium-mariadb.json")
              .named("pl-it-cdc-2")
              .with(
                  Map.of(
                      "snapshot.mode",
                      "no_data",
                      "schema.history.internal.kafka.topic",
                      "plit.schema-history-2")),
          Map.of("TOPIC_PREFIX", "plit", "MYSQL_DATABASES", "pl_it", "MYSQL_SERVER_ID", "5532"),
          TIMEOUT);
      awaitStreaming(stack);
      stack.mysql().execute("UPDATE pl_it.accounts SET balance = 20 WHERE id = 1");
      List<ConsumerRecord<String, String>> all =
          reader.readUntil(records -> records.size() >= 4, TIMEOUT);
      assertThat(all).hasSize(4);
      JsonNode before = JSON.readTree(all.get(2).value()).path("payload").path("source");
      JsonNode after = JSON.readTree(all.get(3).value()).path("payload").path("source");
      assertThat(after.path("file").asText())
          .as("the update after RESET MASTER")
          .isEqualTo("mysql-bin.000001");
      assertThat(before.path("file").asText()).isGreaterThan("mysql-bin.000002");
      long breakAt = all.get(3).offset();

      // Without the check: the whole topic in one put, the new update sorts before the old one.
      stack.postgres().execute("dev", "CREATE SCHEMA pl_off", "CREATE SCHEMA pl_on");
      stack.deploy(
          RedshiftSinkIT.shippedConfig().with(Map.of(RedshiftSinkConfig.LINEAGE_CHECK, "false")),
          sinkValues("pl-it-unchecked", "pl_off"),
          TIMEOUT);
      awaitOffset(stack, "pl_off", "pl-it-unchecked", breakAt + 1);
      assertThat(balances(stack, "pl_off"))
          .as("unchecked: the update after the reset is silently lost")
          .containsExactly(List.of("1", "10"), List.of("2", "0"));

      // With the check: the task fails naming the change, everything before it committed.
      String trace =
          stack.deployAndAwaitTaskFailure(
              RedshiftSinkIT.shippedConfig(), sinkValues("pl-it-checked", "pl_on"), TIMEOUT);
      assertThat(trace)
          .contains("position lineage break at " + TOPIC + "-0@" + breakAt)
          .contains("change position 0000000001-")
          .contains("of the change at offset " + (breakAt - 1))
          .contains("position.epoch to 1");
      assertThat(offset(stack, "pl_on", "pl-it-checked")).isEqualTo(breakAt);
      assertThat(balances(stack, "pl_on")).containsExactly(List.of("1", "10"), List.of("2", "0"));

      // The remedy: position epoch 1 from here on; the change applies. (The connector is deployed
      // again: a config PUT leaves a FAILED task FAILED until it restarts. Redshift's offsets row
      // says where to resume.)
      stack.connect().rest().delete("pl-it-checked");
      Thread.sleep(2_000);
      stack.deploy(
          RedshiftSinkIT.shippedConfig().with(Map.of("transforms.unwrap.position.epoch", "1")),
          sinkValues("pl-it-checked", "pl_on"),
          TIMEOUT);
      awaitOffset(stack, "pl_on", "pl-it-checked", breakAt + 1);
      assertThat(balances(stack, "pl_on")).containsExactly(List.of("1", "20"), List.of("2", "0"));
      assertThat(stack.connect().rest().status("pl-it-checked").toString())
          .doesNotContain("FAILED");
    } finally {
      for (String name : List.of("pl-it-checked", "pl-it-unchecked", "pl-it-cdc-2")) {
        try {
          stack.connect().rest().delete(name);
        } catch (RuntimeException ignored) {
          // not deployed
        }
      }
    }
  }

  /**
   * A real Debezium re-send is no lineage break: Debezium's offsets are moved back to its first
   * update (as a restart after a crash does, from its last committed source offset), so it streams
   * those updates again at higher Kafka offsets with their original positions and source times; the
   * sink with the check goes on, and the table equals MySQL.
   */
  @Test
  void debeziumReSendingOlderChangesDoesNotStopTheSink(LocalStack stack) throws Exception {
    String topic = "plrs.pl_rs.accounts";
    String connector = "pl-rs-cdc";
    stack
        .mysql()
        .execute(
            "CREATE DATABASE pl_rs",
            "CREATE TABLE pl_rs.accounts (id INT PRIMARY KEY, balance INT)",
            "INSERT INTO pl_rs.accounts VALUES (1, 0), (2, 0), (3, 0)");
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json").named(connector),
        Map.of("TOPIC_PREFIX", "plrs", "MYSQL_DATABASES", "pl_rs", "MYSQL_SERVER_ID", "5541"),
        TIMEOUT);
    stack.postgres().execute("dev", "CREATE SCHEMA pl_rs");
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), topic)) {
      reader.readUntil(records -> records.size() >= 3, TIMEOUT);
      stack.deploy(
          RedshiftSinkIT.shippedConfig(),
          Map.of(
              "CONNECTOR_NAME", "pl-rs-sink",
              "TOPICS", topic,
              "REDSHIFT_SCHEMA", "pl_rs",
              "REDSHIFT_LOAD_PATH", "insert"),
          TIMEOUT);
      // Three transactions, seconds apart.
      stack.mysql().execute("UPDATE pl_rs.accounts SET balance = 1 WHERE id = 1");
      Thread.sleep(1_100);
      stack.mysql().execute("UPDATE pl_rs.accounts SET balance = 2 WHERE id = 2");
      Thread.sleep(1_100);
      stack.mysql().execute("UPDATE pl_rs.accounts SET balance = 3 WHERE id = 1");
      List<ConsumerRecord<String, String>> first =
          reader.readUntil(records -> records.size() >= 6, TIMEOUT);
      awaitOffset(stack, "pl_rs", "pl-rs-sink", 6);

      // Debezium restarts from an older source offset: the position of the first update.
      JsonNode resumeAt = JSON.readTree(first.get(3).value()).path("payload").path("source");
      stack.connect().rest().stop(connector, TIMEOUT);
      JsonNode offsets = stack.connect().rest().offsets(connector);
      com.fasterxml.jackson.databind.node.ObjectNode offset =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              offsets.path("offsets").get(0).path("offset");
      offset.put("file", resumeAt.path("file").asText());
      offset.put("pos", resumeAt.path("pos").asLong());
      offset.remove(List.of("row", "event"));
      // MariaDB resumes by GTID: the one before the first update's (domain-server-sequence).
      String gtid = resumeAt.path("gtid").asText();
      int dash = gtid.lastIndexOf('-');
      offset.put(
          "gtids", gtid.substring(0, dash + 1) + (Long.parseLong(gtid.substring(dash + 1)) - 1));
      stack.connect().rest().alterOffsets(connector, offsets);
      stack.connect().rest().resume(connector);
      List<ConsumerRecord<String, String>> all =
          reader.readUntil(records -> records.size() >= 9, TIMEOUT);
      JsonNode resent = JSON.readTree(all.get(6).value()).path("payload").path("source");
      assertThat(resent.path("pos").asLong())
          .as("offset 6 re-sends the update at offset 3")
          .isEqualTo(resumeAt.path("pos").asLong());
      assertThat(resent.path("ts_ms").asLong()).isEqualTo(resumeAt.path("ts_ms").asLong());
      stack.mysql().execute("UPDATE pl_rs.accounts SET balance = 4 WHERE id = 2");
      long end = reader.readUntil(records -> records.size() >= 10, TIMEOUT).size();

      awaitOffset(stack, "pl_rs", "pl-rs-sink", end);
      assertThat(stack.connect().rest().status("pl-rs-sink").toString()).doesNotContain("FAILED");
      assertThat(balances(stack, "pl_rs", RedshiftNames.defaults().normalize(topic)))
          .containsExactly(List.of("1", "3"), List.of("2", "4"), List.of("3", "0"));
    } finally {
      for (String name : List.of("pl-rs-sink", connector)) {
        try {
          stack.connect().rest().delete(name);
        } catch (RuntimeException ignored) {
          // not deployed
        }
      }
    }
  }

  private static Map<String, String> sinkValues(String name, String schema) {
    return Map.of(
        "CONNECTOR_NAME", name,
        "TOPICS", TOPIC,
        "REDSHIFT_SCHEMA", schema,
        "REDSHIFT_LOAD_PATH", "insert");
  }

  /** Inserts marker rows until one reaches Kafka: the re-deployed Debezium streams. */
  private static void awaitStreaming(LocalStack stack) throws InterruptedException {
    try (TopicReader marker =
        new TopicReader(stack.kafka().bootstrapServers(), "plit.pl_it.marker")) {
      Instant deadline = Instant.now().plus(TIMEOUT);
      for (int i = 1; marker.records().stream().noneMatch(r -> r.value() != null); i++) {
        assertThat(Instant.now()).as("Debezium streams after the reset").isBefore(deadline);
        stack.mysql().execute("INSERT INTO pl_it.marker VALUES (" + i + ")");
        marker.poll(Duration.ofSeconds(2));
      }
    }
  }

  private static List<List<String>> balances(LocalStack stack, String schema) throws SQLException {
    return balances(stack, schema, TABLE);
  }

  private static List<List<String>> balances(LocalStack stack, String schema, String table)
      throws SQLException {
    try (Connection pg = stack.postgres().connection("dev")) {
      return RedshiftSinkIT.rows(
          pg, "SELECT id, balance FROM " + schema + "." + table + " ORDER BY id");
    }
  }

  private static Long offset(LocalStack stack, String schema, String connector)
      throws SQLException {
    try (Connection pg = stack.postgres().connection("dev")) {
      List<List<String>> rows =
          RedshiftSinkIT.rows(
              pg,
              "SELECT next_offset FROM "
                  + schema
                  + ".tidemark_offsets WHERE connector_name = '"
                  + connector
                  + "'");
      return rows.isEmpty() ? null : Long.valueOf(rows.get(0).get(0));
    } catch (SQLException noTableYet) {
      return null;
    }
  }

  private static void awaitOffset(LocalStack stack, String schema, String connector, long next)
      throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!Long.valueOf(next).equals(offset(stack, schema, connector))
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
    }
    assertThat(offset(stack, schema, connector)).as(connector + " offsets row").isEqualTo(next);
  }
}
