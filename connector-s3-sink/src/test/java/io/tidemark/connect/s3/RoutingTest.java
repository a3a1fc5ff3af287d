package io.tidemark.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.s3.events.CommitEvent;
import io.tidemark.connect.s3.store.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing after SMTs: a RegexRouter (which renames a record's topic through {@code
 * SinkRecord.newRecord}, as here) decides the folder; offsets, markers and file names stay with the
 * original topic partition, so two topics routed into one folder never overwrite each other.
 */
class RoutingTest {
  private static final TopicPartition USERS_EU = new TopicPartition("eu.shop.users", 0);
  private static final TopicPartition USERS_US = new TopicPartition("us.shop.users", 0);

  @TempDir Path spill;

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryTask harness = new InMemoryTask(store);
  private final List<CommitEvent> events = harness.events;

  @Test
  void routedRecordsLandInTheNewTopicsFolderAndCommitByTheirOriginalPartition() throws Exception {
    S3SinkTask task = task();
    task.open(List.of(USERS_EU, USERS_US));
    List<SinkRecord> batch = new ArrayList<>();
    for (long offset = 0; offset < 3; offset++) {
      batch.add(routed(USERS_EU, offset, "eu-" + offset));
      batch.add(routed(USERS_US, offset, "us-" + offset));
    }
    task.put(batch);

    List<String> data =
        store.list("raw/").stream().filter(k -> !k.contains("/_tidemark/")).sorted().toList();
    assertThat(data)
        .containsExactly(
            "raw/users/partition=0/eu.shop.users+0+00000000000000000000.jsonl",
            "raw/users/partition=0/us.shop.users+0+00000000000000000000.jsonl");
    assertThat(text(data.get(0))).contains("eu-0", "eu-1", "eu-2").doesNotContain("us-");
    assertThat(text(data.get(1))).contains("us-0", "us-1", "us-2").doesNotContain("eu-");

    assertThat(events).extracting(CommitEvent::folder).containsOnly("users");
    assertThat(events)
        .extracting(CommitEvent::topic)
        .containsExactlyInAnyOrder("eu.shop.users", "us.shop.users");

    Map<TopicPartition, OffsetAndMetadata> committed = task.preCommit(Map.of());
    assertThat(committed)
        .containsEntry(USERS_EU, new OffsetAndMetadata(3))
        .containsEntry(USERS_US, new OffsetAndMetadata(3));
    task.stop();
  }

  /** What RegexRouter {@code (.*)\.shop\.(.*) -> $2} does to a record. */
  private static SinkRecord routed(TopicPartition tp, long offset, String name) {
    SinkRecord original =
        new SinkRecord(
            tp.topic(), tp.partition(), null, null, null, Map.of("name", name), offset, 0L, null);
    return original.newRecord(
        tp.topic().replaceAll("(.*)\\.shop\\.(.*)", "$2"),
        original.kafkaPartition(),
        null,
        null,
        null,
        original.value(),
        original.timestamp());
  }

  private String text(String key) {
    return new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8);
  }

  private S3SinkTask task() {
    Map<String, String> props = new HashMap<>();
    props.put("name", "routing");
    props.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    props.put(S3SinkConfig.S3_PREFIX, "raw");
    props.put(S3SinkConfig.FORMAT_TYPE, "JSONL");
    props.put(S3SinkConfig.FORMAT_COMPRESSION, "NONE");
    props.put(S3SinkConfig.ROTATE_RECORD_COUNT, "3");
    props.put(S3SinkConfig.BUFFER_SPILL_DIR, spill.toString());
    return harness.start(props, Set.of(USERS_EU, USERS_US));
  }
}
