package io.tidemark.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.connect.ConnectRestClient;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.ChangeEvent;
import io.tidemark.stack.kit.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker killed after Debezium recorded a DDL in its schema history but before the next offset
 * flush restarts from an offset older than that DDL. Debezium must then read the older binlog rows
 * with the older table schema. Its MySQL connector without GTIDs does not (debezium/dbz#1541: it
 * applies every recorded DDL and fails with "internal schema size 7, but row size 6"), which the
 * chaos suite hit; the stack therefore runs the MariaDB connector, whose offsets carry GTIDs. The
 * offset is rewound through Connect's offsets API so that the test does not race the flush.
 */
@ExtendWith(LocalStackExtension.class)
class SchemaHistoryRecoveryIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String CONNECTOR = "recover-it-cdc";
  private static final String TOPIC = "recoverit.recover_it.t";

  @Test
  void aRestartFromAnOffsetOlderThanAnAddColumnReadsEachRowWithItsOwnSchema(LocalStack stack) {
    stack.mysql().execute(
        "CREATE DATABASE recover_it",
        "CREATE TABLE recover_it.t (id INT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO recover_it.t VALUES (1, 'snapshot')");
    stack.deploy(ConnectorConfig.load("local/debezium-mariadb.json").named(CONNECTOR),
        Map.of("TOPIC_PREFIX", "recoverit", "MYSQL_DATABASES", "recover_it", "MYSQL_SERVER_ID", "5503"), WAIT);
    ConnectRestClient rest = stack.connect().rest();
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), TOPIC)) {
      reader.readUntil(records -> records.size() >= 1, WAIT);
      stack.mysql().execute("INSERT INTO recover_it.t VALUES (2, 'streamed')");
      reader.readUntil(records -> records.size() >= 2, WAIT);
      JsonNode beforeDdl = awaitStreamingOffset(rest);
      assertThat(beforeDdl.toString()).as("the stored offset tracks GTIDs").contains("\"gtids\"");

      stack.mysql().execute(
          "INSERT INTO recover_it.t VALUES (3, 'before ddl')",
          "ALTER TABLE recover_it.t ADD COLUMN note VARCHAR(20) NOT NULL DEFAULT 'none'",
          "INSERT INTO recover_it.t VALUES (4, 'after ddl', 'new')");
      reader.readUntil(records -> ids(records).contains(4L), WAIT);
      int seenBeforeRewind = reader.records().size();

      rest.stop(CONNECTOR, WAIT);
      rest.alterOffsets(CONNECTOR, beforeDdl);
      rest.resume(CONNECTOR);
      stack.mysql().execute("INSERT INTO recover_it.t VALUES (5, 'resumed', 'latest')");

      List<ChangeEvent> replayed = reader.readUntil(records -> {
            rest.awaitRunning(CONNECTOR, 1, WAIT); // fails at once, with Debezium's trace, if the task failed
            return ids(records).contains(5L);
          }, WAIT).stream().skip(seenBeforeRewind).map(ChangeEvent::parse).toList();

      // The replay starts at the rewound offset, before the DDL: the row inserted before it comes
      // again without the column, the row inserted after it with the column, then the new row.
      assertThat(replayed).extracting(e -> e.row().get("id")).containsSubsequence(3L, 4L, 5L);
      assertThat(replayed).filteredOn(e -> Long.valueOf(3).equals(e.row().get("id")))
          .allSatisfy(e -> assertThat(e.row()).doesNotContainKey("note").containsEntry("v", "before ddl"));
      assertThat(replayed).filteredOn(e -> Long.valueOf(4).equals(e.row().get("id")))
          .allSatisfy(e -> assertThat(e.row()).containsEntry("note", "new"));
      assertThat(replayed).filteredOn(e -> Long.valueOf(5).equals(e.row().get("id")))
          .allSatisfy(e -> assertThat(e.row()).containsEntry("note", "latest"));
    }
  }

  /** The connector's offset once it is a streaming one (a snapshot offset would make a restart snapshot again). */
  private static JsonNode awaitStreamingOffset(ConnectRestClient rest) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode offsets = rest.offsets(CONNECTOR);
      JsonNode first = offsets.path("offsets").path(0).path("offset");
      if (!first.isMissingNode() && !first.has("snapshot")) {
        return offsets;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("no streaming offset stored for " + CONNECTOR + " within " + WAIT.toSeconds() + " s: "
        + rest.offsets(CONNECTOR));
  }

  private static List<Long> ids(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) {
    return records.stream().map(ChangeEvent::parse).filter(e -> !e.isTombstone()).map(e -> (Long) e.row().get("id")).toList();
  }
}
