package io.tidemark.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.connect.ConnectRestClient;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.ChangeEvent;
import io.tidemark.stack.kit.DebeziumOffsets;
import io.tidemark.stack.kit.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker killed after Debezium recorded a DDL in its schema history but before the next offset
 * flush restarts from an offset older than that DDL. Debezium must then read the older binlog rows
 * with the older table schema. Its MySQL connector without GTIDs does not (debezium/dbz#1541: it
 * applies every recorded DDL), which the chaos suite hit; the stack therefore runs the MariaDB
 * connector, whose offsets carry GTIDs. The offset is rewound through Connect's offsets API, so the
 * test does not race the flush.
 */
@ExtendWith(LocalStackExtension.class)
class SchemaHistoryRecoveryIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void theStacksMariaDbConnectorRereadsEachRowWithItsOwnSchema(LocalStack stack) {
    Scenario scenario = new Scenario(stack, "local/debezium-mariadb.json", "recover_maria", 5504);
    assertThat(scenario.offsetBeforeDdl.toString())
        .as("the stored offset tracks GTIDs")
        .contains("\"gtids\"");

    List<ChangeEvent> replayed =
        scenario
            .replay(
                records -> {
                  scenario.rest.awaitRunning(
                      scenario.connector, 1, WAIT); // fails at once, with Debezium's trace
                  return ids(records).contains(5L);
                })
            .stream()
            .map(ChangeEvent::parse)
            .toList();

    // The replay starts at the rewound offset, before the DDL: the row inserted before it comes
    // again without the column, the row inserted after it with the column, then the new row.
    assertThat(replayed).extracting(e -> e.row().get("id")).containsSubsequence(3L, 4L, 5L);
    assertThat(replayed)
        .filteredOn(e -> Long.valueOf(3).equals(e.row().get("id")))
        .allSatisfy(
            e -> assertThat(e.row()).doesNotContainKey("note").containsEntry("v", "before ddl"));
    assertThat(replayed)
        .filteredOn(e -> Long.valueOf(4).equals(e.row().get("id")))
        .allSatisfy(e -> assertThat(e.row()).containsEntry("note", "new"));
    assertThat(replayed)
        .filteredOn(e -> Long.valueOf(5).equals(e.row().get("id")))
        .allSatisfy(e -> assertThat(e.row()).containsEntry("note", "latest"));
  }

  /**
   * The same restart on the MySQL connector, which tracks no GTIDs on MariaDB, fails as the chaos
   * suite saw: proof that the scenario above is the one that breaks. When this starts passing, a
   * Debezium upgrade has fixed dbz#1541.
   */
  @Test
  void theMySqlConnectorWithoutGtidsFailsTheSameRestart(LocalStack stack) {
    Scenario scenario = new Scenario(stack, "local/debezium-mysql.json", "recover_mysql", 5505);
    assertThat(scenario.offsetBeforeDdl.toString()).doesNotContain("\"gtids\"");

    scenario.replay(records -> true);
    String trace = scenario.rest.awaitTaskFailed(scenario.connector, WAIT);

    assertThat(trace).contains("internal schema size 3, but row size 2");
  }

  /**
   * Debezium streams a table, its offset is taken, then one row before and one row after an {@code
   * ADD COLUMN} are written and streamed; {@link #replay} rewinds to the taken offset.
   */
  private static final class Scenario {
    final ConnectRestClient rest;
    final String connector;
    final JsonNode offsetBeforeDdl;
    private final LocalStack stack;
    private final String database;
    private final TopicReader reader;
    private final int seenBeforeRewind;

    Scenario(LocalStack stack, String config, String database, int serverId) {
      this.stack = stack;
      this.rest = stack.connect().rest();
      this.database = database;
      this.connector = database.replace('_', '-') + "-cdc";
      stack
          .mysql()
          .execute(
              "CREATE DATABASE " + database,
              "CREATE TABLE " + database + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
              "INSERT INTO " + database + ".t VALUES (1, 'snapshot')");
      stack.deploy(
          ConnectorConfig.load(config).named(connector),
          Map.of(
              "TOPIC_PREFIX",
              database,
              "MYSQL_DATABASES",
              database,
              "MYSQL_SERVER_ID",
              Integer.toString(serverId)),
          WAIT);
      reader = new TopicReader(stack.kafka().bootstrapServers(), database + "." + database + ".t");
      reader.readUntil(records -> records.size() >= 1, WAIT);
      stack.mysql().execute("INSERT INTO " + database + ".t VALUES (2, 'streamed')");
      reader.readUntil(records -> records.size() >= 2, WAIT);
      offsetBeforeDdl = DebeziumOffsets.awaitStreaming(rest, connector, WAIT);
      stack
          .mysql()
          .execute(
              "INSERT INTO " + database + ".t VALUES (3, 'before ddl')",
              "ALTER TABLE " + database + ".t ADD COLUMN note VARCHAR(20) NOT NULL DEFAULT 'none'",
              "INSERT INTO " + database + ".t VALUES (4, 'after ddl', 'new')");
      reader.readUntil(records -> ids(records).contains(4L), WAIT);
      seenBeforeRewind = reader.records().size();
    }

    /**
     * Stops the connector, rewinds it to before the DDL, resumes it, inserts row 5; returns what
     * came after.
     */
    List<ConsumerRecord<String, String>> replay(
        java.util.function.Predicate<List<ConsumerRecord<String, String>>> done) {
      try (reader) {
        rest.stop(connector, WAIT);
        rest.alterOffsets(connector, offsetBeforeDdl);
        rest.resume(connector);
        stack.mysql().execute("INSERT INTO " + database + ".t VALUES (5, 'resumed', 'latest')");
        return reader.readUntil(done, WAIT).stream().skip(seenBeforeRewind).toList();
      }
    }
  }

  private static List<Long> ids(List<ConsumerRecord<String, String>> records) {
    return records.stream()
        .map(ChangeEvent::parse)
        .filter(e -> !e.isTombstone())
        .map(e -> (Long) e.row().get("id"))
        .toList();
  }
}
