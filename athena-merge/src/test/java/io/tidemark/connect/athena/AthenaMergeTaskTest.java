package io.tidemark.connect.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Connect shell without an engine: nothing is due within the interval, so no SQL runs. */
class AthenaMergeTaskTest {

  private static final String EVENTS = "tidemark.s3.commits";
  private final AthenaMergeTask task = new AthenaMergeTask();

  private static Map<String, String> props() {
    Map<String, String> p = new HashMap<>();
    p.put("name", "athena-merge-test");
    p.put("engine", "trino");
    p.put("trino.jdbc.url", "jdbc:trino://127.0.0.1:9");
    p.put("trino.user", "t");
    p.put("trino.schema", "lake");
    p.put("tables", "users");
    p.put("table.users.topic", "db.users");
    p.put("table.users.landing.location", "s3://lake/raw/db.users/");
    p.put("table.users.target", "users");
    p.put("table.users.columns", "id:bigint,__offset:bigint");
    p.put("table.users.keys", "id");
    p.put("table.users.position.column", "__offset");
    p.put("batch.interval.ms", "3600000");
    return p;
  }

  private static SinkRecord record(int partition, long offset, Object value) {
    return new SinkRecord(EVENTS, partition, null, "k", null, value, offset);
  }

  private static String event(String topic) {
    return "{\"bucket\":\"lake\",\"key\":\"raw/"
        + topic
        + "/partition=0/"
        + topic
        + "+0+00000000000000000000.parquet\",\"topic\":\""
        + topic
        + "\",\"partition\":0,\"startOffset\":0,\"endOffset\":4,\"recordCount\":5,\"bytes\":100,"
        + "\"partitionValues\":{\"partition\":\"0\"}}";
  }

  @AfterEach
  void stop() {
    task.stop();
  }

  @Test
  void commitsUnmappedEventsAtOnceAndHoldsBackUnmergedOnes() {
    task.start(props());
    task.put(
        List.of(
            record(0, 0, event("db.other")),
            record(0, 1, event("db.users")),
            record(1, 5, event("db.other"))));
    TopicPartition p0 = new TopicPartition(EVENTS, 0);
    TopicPartition p1 = new TopicPartition(EVENTS, 1);
    Map<TopicPartition, OffsetAndMetadata> current =
        Map.of(p0, new OffsetAndMetadata(2), p1, new OffsetAndMetadata(6));
    assertThat(task.preCommit(current))
        .isEqualTo(Map.of(p0, new OffsetAndMetadata(1), p1, new OffsetAndMetadata(6)));
  }

  @Test
  void aBadEventNamesItsTopicPartitionAndOffsetButNotItsContent() {
    task.start(props());
    assertThatThrownBy(
            () -> task.put(List.of(record(2, 42, "{\"bucket\":\"lake\",\"secret\":\"s3cr3t\"}"))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(EVENTS + "-2 offset 42")
        .hasMessageContaining("'key'")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void acceptsMapsFromTheJsonConverterAndSkipsTombstones() {
    assertThat(AthenaMergeTask.parse(null)).isNull();
    assertThat(
            AthenaMergeTask.parse(
                    Map.of(
                        "bucket",
                        "lake",
                        "key",
                        "k",
                        "topic",
                        "t",
                        "partition",
                        0,
                        "startOffset",
                        1,
                        "endOffset",
                        1,
                        "recordCount",
                        1,
                        "bytes",
                        9))
                .uri())
        .isEqualTo("s3://lake/k");
    assertThatThrownBy(() -> AthenaMergeTask.parse(7))
        .hasMessageContaining("expected a JSON object");
  }

  @Test
  void theConnectorRunsOneTaskAndReportsConfigErrorsOnTheirKey() {
    AthenaMergeConnector connector = new AthenaMergeConnector();
    connector.start(props());
    assertThat(connector.taskConfigs(4)).hasSize(1);
    Map<String, String> bad = props();
    bad.put("aggregate.user_transactions.enabled", "true");
    assertThat(
            connector.validate(bad).configValues().stream()
                .filter(v -> v.name().equals("aggregate.user_transactions.transactions.table"))
                .flatMap(v -> v.errorMessages().stream()))
        .singleElement()
        .asString()
        .contains("transactions is not one of tables");
  }
}
