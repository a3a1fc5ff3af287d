package io.tidemark.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.ChangeEvent;
import io.tidemark.stack.kit.TopicReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first CDC path, through real processes: MariaDB binlog -> Debezium MySQL connector on a
 * Connect worker (deployed by PUTting the config shipped in connect-configs) -> Kafka.
 */
@ExtendWith(LocalStackExtension.class)
class DebeziumCdcIT {

  @Test
  void insertUpdateDeleteBecomeChangeEventsWithBinlogPositionsAndATombstone(LocalStack stack) {
    stack
        .mysql()
        .execute(
            "CREATE DATABASE cdc_it",
            "CREATE TABLE cdc_it.customers (id INT PRIMARY KEY, name VARCHAR(50), balance DECIMAL(10,2))",
            "INSERT INTO cdc_it.customers VALUES (1, 'snapshot row', 1.50)");

    ConnectorConfig deployed =
        stack.deploy(
            ConnectorConfig.load("local/debezium-mariadb.json"),
            Map.of("TOPIC_PREFIX", "cdcit", "MYSQL_DATABASES", "cdc_it", "MYSQL_SERVER_ID", "5501"),
            Duration.ofSeconds(90));

    List<ChangeEvent> events;
    try (TopicReader reader =
        new TopicReader(stack.kafka().bootstrapServers(), "cdcit.cdc_it.customers")) {
      // Changes made before the snapshot's binlog position belong to the snapshot, so wait for it.
      reader.readUntil(records -> !records.isEmpty(), Duration.ofSeconds(90));
      stack
          .mysql()
          .execute(
              "INSERT INTO cdc_it.customers VALUES (2, 'ada', 10.25)",
              "UPDATE cdc_it.customers SET name = 'ada lovelace', balance = 11.75 WHERE id = 2",
              "DELETE FROM cdc_it.customers WHERE id = 2");
      events =
          reader.readUntil(records -> records.size() >= 5, Duration.ofSeconds(90)).stream()
              .map(ChangeEvent::parse)
              .toList();
    }

    assertThat(events)
        .extracting(e -> e.isTombstone() ? "tombstone" : e.op())
        .containsExactly("r", "c", "u", "d", "tombstone");
    ChangeEvent snapshot = events.get(0);
    ChangeEvent create = events.get(1);
    ChangeEvent update = events.get(2);
    ChangeEvent delete = events.get(3);
    ChangeEvent tombstone = events.get(4);

    assertThat(snapshot.after())
        .containsEntry("id", 1L)
        .containsEntry("name", "snapshot row")
        .containsEntry("balance", new BigDecimal("1.50"));
    assertThat(create.before()).isNull();
    assertThat(create.after())
        .containsEntry("id", 2L)
        .containsEntry("name", "ada")
        .containsEntry("balance", new BigDecimal("10.25"));
    assertThat(update.before())
        .containsEntry("name", "ada")
        .containsEntry("balance", new BigDecimal("10.25"));
    assertThat(update.after())
        .containsEntry("name", "ada lovelace")
        .containsEntry("balance", new BigDecimal("11.75"));
    assertThat(delete.before()).containsEntry("id", 2L).containsEntry("name", "ada lovelace");
    assertThat(delete.after()).isNull();
    assertThat(tombstone.key()).isEqualTo(Map.of("id", 2L));
    assertThat(delete.key()).isEqualTo(Map.of("id", 2L));

    // Binlog coordinates: one file, strictly increasing positions, first row of each event.
    for (ChangeEvent change : List.of(create, update, delete)) {
      assertThat((String) change.source().get("file")).startsWith("mysql-bin.");
      assertThat(change.source())
          .containsEntry("row", 0L)
          .containsEntry("db", "cdc_it")
          .containsEntry("table", "customers");
    }
    assertThat((Long) create.source().get("pos")).isPositive();
    assertThat((Long) update.source().get("pos")).isGreaterThan((Long) create.source().get("pos"));
    assertThat((Long) delete.source().get("pos")).isGreaterThan((Long) update.source().get("pos"));

    // The password reaches the worker through its FileConfigProvider, never in the config itself.
    String debeziumPassword = stack.mysql().debeziumPassword();
    assertThat(deployed.config().get("database.password"))
        .startsWith("${file:")
        .doesNotContain(debeziumPassword);
    assertThat(stack.connect().rest().status(deployed.name()).toString())
        .doesNotContain(debeziumPassword);
  }

  /**
   * What "latest wins" can order by. Inside one transaction every event carries the transaction's
   * {@code source.pos} and {@code row} restarts per statement, so (file, pos, row) does not order
   * two changes of one row. Within the key's topic partition the Kafka offset does, and a replay
   * re-sends a whole suffix in order, so (file, pos, Kafka offset) is a total order per key that
   * survives replays.
   */
  @Test
  void changesOfOneRowInOneTransactionShareABinlogPositionAndAreOrderedByKafkaOffset(
      LocalStack stack) throws Exception {
    stack
        .mysql()
        .execute(
            "CREATE DATABASE tx_it",
            "CREATE TABLE tx_it.t (id INT PRIMARY KEY, v INT)",
            "INSERT INTO tx_it.t VALUES (1, 0), (2, 0)");
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json").named("tx-it-cdc"),
        Map.of("TOPIC_PREFIX", "txit", "MYSQL_DATABASES", "tx_it", "MYSQL_SERVER_ID", "5503"),
        Duration.ofSeconds(90));
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), "txit.tx_it.t")) {
      reader.readUntil(records -> records.size() >= 2, Duration.ofSeconds(90));
      try (java.sql.Connection connection = stack.mysql().connection();
          java.sql.Statement statement = connection.createStatement()) {
        connection.setAutoCommit(false);
        statement.execute("UPDATE tx_it.t SET v = 1 WHERE id = 1");
        statement.execute("UPDATE tx_it.t SET v = 2 WHERE id = 1");
        statement.execute("UPDATE tx_it.t SET v = v + 10");
        connection.commit();
      }
      List<ChangeEvent> updates =
          reader.readUntil(records -> records.size() >= 6, Duration.ofSeconds(90)).stream()
              .map(ChangeEvent::parse)
              .filter(e -> "u".equals(e.op()))
              .toList();

      assertThat(updates)
          .extracting(e -> e.source().get("pos"))
          .containsOnly(updates.get(0).source().get("pos"));
      assertThat(updates).extracting(e -> e.source().get("row")).containsExactly(0L, 0L, 0L, 1L);
      List<ChangeEvent> byPositionAndOffset =
          updates.stream()
              .sorted(
                  java.util.Comparator.comparing((ChangeEvent e) -> (Long) e.source().get("pos"))
                      .thenComparing(ChangeEvent::offset))
              .toList();
      assertThat(byPositionAndOffset)
          .extracting(e -> e.after().get("id") + "=" + e.after().get("v"))
          .containsExactly("1=1", "1=2", "1=12", "2=10");
    }
  }
}
