package io.tidemark.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.ChangeEvent;
import io.tidemark.stack.kit.DebeziumOffsets;
import io.tidemark.stack.kit.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The crash hooks later tests rely on: a SIGKILLed worker or broker comes back and goes on. */
@ExtendWith(LocalStackExtension.class)
class CrashRestartIT {

  @Test
  void afterAKilledWorkerAndAKilledBrokerTheConnectorResumesWhereItWas(LocalStack stack) {
    stack
        .mysql()
        .execute(
            "CREATE DATABASE crash_it",
            "CREATE TABLE crash_it.t (id INT PRIMARY KEY, v VARCHAR(20))",
            "INSERT INTO crash_it.t VALUES (1, 'before')");
    ConnectorConfig connector =
        stack.deploy(
            ConnectorConfig.load("local/debezium-mariadb.json").named("crash-it-cdc"),
            Map.of(
                "TOPIC_PREFIX",
                "crashit",
                "MYSQL_DATABASES",
                "crash_it",
                "MYSQL_SERVER_ID",
                "5502"),
            Duration.ofSeconds(90));
    String topic = "crashit.crash_it.t";
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), topic)) {
      reader.readUntil(records -> records.size() >= 1, Duration.ofSeconds(90));
      stack.mysql().execute("INSERT INTO crash_it.t VALUES (2, 'streamed')");
      reader.readUntil(records -> records.size() >= 2, Duration.ofSeconds(90));
    }
    // Until the worker has stored a streaming offset (not one taken during the snapshot), a
    // restart would snapshot again.
    DebeziumOffsets.awaitStreaming(
        stack.connect().rest(), connector.name(), Duration.ofSeconds(60));
    long workerPid = stack.connect().process().pid();

    stack.connect().kill();
    stack.mysql().execute("INSERT INTO crash_it.t VALUES (3, 'while down')");
    stack.connect().restart();
    stack.connect().rest().awaitRunning(connector.name(), 1, Duration.ofSeconds(90));
    stack.kafka().kill();
    stack.kafka().restart();
    stack.mysql().execute("INSERT INTO crash_it.t VALUES (4, 'after')");

    assertThat(stack.connect().process().pid()).isNotEqualTo(workerPid);
    List<ChangeEvent> events;
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), topic)) {
      events =
          reader
              .readUntil(
                  records ->
                      records.stream()
                          .map(ChangeEvent::parse)
                          .anyMatch(e -> Long.valueOf(4).equals(e.row().get("id"))),
                  Duration.ofSeconds(120))
              .stream()
              .map(ChangeEvent::parse)
              .toList();
    }
    // At-least-once on the source side: a replay may repeat an event, but none is lost, and
    // with the offset stored the restarted connector streams on instead of snapshotting again.
    assertThat(events).extracting(e -> e.row().get("id")).containsSubsequence(1L, 2L, 3L, 4L);
    assertThat(events)
        .filteredOn(e -> "r".equals(e.op()))
        .extracting(e -> e.row().get("id"))
        .containsExactly(1L);
    assertThat(events)
        .filteredOn(e -> Long.valueOf(4).equals(e.row().get("id")))
        .extracting(ChangeEvent::op)
        .containsOnly("c");
  }
}
