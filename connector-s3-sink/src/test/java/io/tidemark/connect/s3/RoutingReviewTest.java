package io.tidemark.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tidemark.connect.s3.commit.CommitMarker;
import io.tidemark.connect.s3.commit.LandedObject;
import io.tidemark.connect.s3.commit.MarkerKeys;
import io.tidemark.connect.s3.events.CommitEvent;
import io.tidemark.connect.s3.store.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of 79b0e92 (folders follow routing SMTs). Each test drives the real {@link S3SinkTask}
 * through a restart whose connector configuration changed the router's output (a config update, or
 * upgrading from the release that ignored the RegexRouter for folders), as Connect does it: stop,
 * new task, open (which seeks to the marker's committed offset), records fetched from the seek.
 */
class RoutingReviewTest {

  private static final String TOPIC = "mysql.shop.orders";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final Schema VALUE =
      SchemaBuilder.struct()
          .name("orders.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("region", Schema.STRING_SCHEMA)
          .build();
  private static final Pattern OFFSET = Pattern.compile("\"__offset\":(\\d+)");

  @TempDir Path spill;

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final InMemoryTask harness = new InMemoryTask(store);
  private final List<CommitEvent> events = harness.events;

  /**
   * LOSS. A content-based router (region b to its own folder) with a Kafka-partition path: offsets
   * 0 and 2 land in orders/partition=0 as one object [0..2]; b's file (from 1) is open, so the
   * marker commits 1 and lists that object as landed. The operator removes the router and restarts:
   * the replay from 1 sends offset 1 to orders/partition=0, where the landed object [0..2] "holds"
   * it (PartitionLedger.alreadyLanded compares only the offset range and the location), so it is
   * skipped and Kafka commits past it. Offset 1 is in no object.
   */
  @Test
  void aRecordRoutedOnReplayIntoAFolderWhoseLandedObjectSpansItsOffsetIsNotLost() throws Exception {
    Function<SinkRecord, String> byRegion =
        r -> ((Struct) r.value()).getString("region").equals("b") ? "orders_b" : "orders";
    S3SinkTask first = task(Map.of());
    first.open(List.of(TP));
    first.put(routed(List.of("a", "b", "a"), 0, byRegion));
    assertThat(first.preCommit(Map.of()))
        .containsEntry(TP, new org.apache.kafka.clients.consumer.OffsetAndMetadata(1));
    first.stop();

    // Config update: the content-based router is gone, everything lands in "orders".
    S3SinkTask second = task(Map.of());
    second.open(List.of(TP));
    assertThat(harness.seeks()).containsEntry(TP, 1L);
    List<String> regions = List.of("a", "b", "a", "a", "a");
    second.put(
        routed(regions, 0, r -> "orders").subList(1, 5)); // fetched from the seek: offsets 1..4
    long committed = second.preCommit(Map.of()).get(TP).offset();
    second.stop();

    assertExactlyOnceBelow(committed);
  }

  /**
   * DUPLICATE. Upgrade from 83284e6 (which wrote a RegexRouter'd topic to its ORIGINAL folder) to
   * 79b0e92 with a field partitioner: before the restart region=a landed [0..2] under
   * mysql.shop.orders/ while region=b (from 1) was open, so the marker commits 1 and lists that
   * object. After the restart the RegexRouter's output is the folder: offset 2 goes to
   * orders/region=a, which the landed object (other location) does not match, so it is written
   * again: offset 2 is in two visible objects.
   */
  @Test
  void aReplayAfterTheRoutersOutputChangedDoesNotLandAnOffsetTwice() throws Exception {
    Map<String, String> field =
        Map.of(
            S3SinkConfig.PARTITIONER_TYPE, "FIELD", S3SinkConfig.PARTITIONER_FIELD_NAMES, "region");
    S3SinkTask first = task(field);
    first.open(List.of(TP));
    first.put(routed(List.of("a", "b", "a"), 0, r -> TOPIC)); // the router ignored
    first.preCommit(Map.of());
    first.stop();

    S3SinkTask second = task(field);
    second.open(List.of(TP));
    assertThat(harness.seeks()).containsEntry(TP, 1L);
    List<String> regions = List.of("a", "b", "a", "b", "a");
    second.put(
        routed(regions, 0, r -> "orders").subList(1, 5)); // RegexRouter mysql.shop.(.*) -> $1
    long committed = second.preCommit(Map.of()).get(TP).offset();
    second.stop();

    assertExactlyOnceBelow(committed);
  }

  /**
   * RECOVERY. The object of a pending marker is visible (the task died before the landed marker).
   * Markers are kept under commit.marker.prefix; s3.prefix was changed before the restart. Recovery
   * promotes the object and republishes its event, whose folder was once cut out of the key by the
   * CURRENT prefix's length: the substring threw (or, with a shorter prefix, named a wrong folder),
   * so open() failed on every restart. The marker now records each object's folder.
   */
  @Test
  void recoveringAPendingObjectWrittenUnderAnotherPrefixPublishesItsFolder() throws Exception {
    MarkerKeys markers = new MarkerKeys("markers", "routing-review");
    String key = "raw/orders/partition=0/" + TOPIC + "+0+00000000000000000000.jsonl";
    // As the writer records it: the folder the object landed in (a RegexRouter's output).
    LandedObject pending = new LandedObject(key, "partition=0", 0, 2, 3, 120, "orders", null);
    store.put(
        markers.markerKey(TOPIC, 0),
        new CommitMarker(1, TOPIC, 0, 0, List.of(), pending, null, null).toJson());
    store.put(key, new byte[120]);

    S3SinkTask task =
        task(
            Map.of(
                S3SinkConfig.S3_PREFIX, "landing/v2/raw-archive-2026",
                S3SinkConfig.MARKER_PREFIX, "markers"));
    assertThatCode(() -> task.open(List.of(TP))).doesNotThrowAnyException();
    assertThat(events).extracting(CommitEvent::key).containsExactly(key);
    assertThat(events).extracting(CommitEvent::folder).containsExactly("orders");
  }

  /**
   * README "Object keys": "a content-based router ... the partition keeps one open file per folder
   * and partition path". Not with a wall-clock partitioner: TopicPartitionWriter.write lands every
   * open file of another LOCATION (folder included) before writing, so a partition whose records
   * alternate between two folders lands one object per record (here 5, the 6th still open, instead
   * of 2), although the folder, unlike the wall-clock path, is the same on every replay.
   */
  @Test
  void alternatingFoldersUnderAWallClockPartitionerKeepOneOpenFileEach() throws Exception {
    Function<SinkRecord, String> byRegion =
        r -> ((Struct) r.value()).getString("region").equals("b") ? "orders_b" : "orders";
    S3SinkTask task =
        task(
            Map.of(
                S3SinkConfig.ROTATE_RECORD_COUNT, "3",
                S3SinkConfig.PARTITIONER_TYPE, "TIME",
                S3SinkConfig.PARTITIONER_TIME_SOURCE, "WALL_CLOCK",
                S3SinkConfig.PARTITIONER_TIME_PATH_FORMAT, "'t'=YYYY"));
    task.open(List.of(TP));
    task.put(routed(List.of("a", "b", "a", "b", "a", "b"), 0, byRegion));
    task.stop();
    assertThat(store.list("raw/").stream().filter(k -> !k.contains("_tidemark/")))
        .as("one object per folder (3 records each)")
        .hasSize(2);
  }

  /**
   * Every offset below the one Kafka may commit sits in exactly one visible object, and no offset
   * in two (the file still open at the stop holds the rest, which come again).
   */
  private void assertExactlyOnceBelow(long committed) {
    Map<Long, List<String>> landed = offsetsInObjects();
    assertThat(landed)
        .as("no offset in two visible objects")
        .allSatisfy((offset, keys) -> assertThat(keys).hasSize(1));
    for (long offset = 0; offset < committed; offset++) {
      assertThat(landed)
          .as("offset %d (committed %d) in an object", offset, committed)
          .containsKey(offset);
    }
    assertThat(committed).as("the replay made progress").isGreaterThanOrEqualTo(4);
  }

  /** Offset -> keys of the data objects that hold it. */
  private Map<Long, List<String>> offsetsInObjects() {
    Map<Long, List<String>> out = new TreeMap<>();
    for (String key : store.list("")) {
      if (key.contains("_tidemark/")) {
        continue;
      }
      String body = new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8);
      Matcher m = OFFSET.matcher(body);
      while (m.find()) {
        out.computeIfAbsent(Long.parseLong(m.group(1)), o -> new ArrayList<>()).add(key);
      }
    }
    return out;
  }

  /** Records at offsets from {@code first}, one per region, topic set by {@code router}. */
  private static List<SinkRecord> routed(
      List<String> regions, long first, Function<SinkRecord, String> router) {
    List<SinkRecord> out = new ArrayList<>();
    for (int i = 0; i < regions.size(); i++) {
      long offset = first + i;
      Struct value = new Struct(VALUE).put("id", offset).put("region", regions.get(i));
      SinkRecord original =
          new SinkRecord(TOPIC, 0, null, null, VALUE, value, offset, 1_700_000_000_000L, null);
      out.add(
          original.newRecord(
              router.apply(original), 0, null, null, VALUE, value, original.timestamp()));
    }
    return out;
  }

  private S3SinkTask task(Map<String, String> extra) {
    Map<String, String> props = new HashMap<>();
    props.put("name", "routing-review");
    props.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    props.put(S3SinkConfig.S3_PREFIX, "raw");
    props.put(S3SinkConfig.FORMAT_TYPE, "JSONL");
    props.put(S3SinkConfig.FORMAT_COMPRESSION, "NONE");
    props.put(S3SinkConfig.RECORD_KAFKA_COORDINATES_ENABLED, "true");
    props.put(S3SinkConfig.ROTATE_RECORD_COUNT, "2");
    props.put(S3SinkConfig.BUFFER_SPILL_DIR, spill.toString());
    props.putAll(extra);
    return harness.start(props, Set.of(TP));
  }
}
