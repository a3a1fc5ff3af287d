package io.tidemark.connect.s3.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.s3.S3SinkConfig;
import io.tidemark.connect.s3.events.CommitEventSink;
import io.tidemark.connect.s3.metrics.TaskMetrics;
import io.tidemark.connect.s3.model.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Histories that lost records before the {@link PartitionCursor} existed, replayed step by step as
 * Connect's {@code WorkerSinkTask} delivers: a batch whose {@code put} threw comes again unchanged
 * for as long as {@code put} throws, and the seeks apply before anything new is fetched.
 */
class RedeliveryScenariosTest {

  private static final TopicPartition X = new TopicPartition("orders", 0);
  private static final TopicPartition Y = new TopicPartition("orders", 1);
  private static final Pattern ROW = Pattern.compile("\"id\":(\\d+)");

  @TempDir Path spill;

  private final FlakyStore store = new FlakyStore();
  private final MutableClock clock = new MutableClock();

  /**
   * The outside review's sketch: X's open file holds 0-4 when the batch 5-9 fails X; on the first
   * redelivery Y fails too (a scheduled rotation), so Connect delivers the batch a third time. X
   * must ignore 5-9 every time, and take 0-9 when they come from the seek.
   */
  @Test
  void aPartitionRewoundWhileTheBatchFailsAgainTakesItsRecordsFromTheSeek() throws Exception {
    SinkWriter w = writer();
    w.open(List.of(X, Y));
    assertThat(w.write(concat(records(X, 0, 5), records(Y, 0, 3)))).isEmpty();

    List<IncomingRecord> batch = records(X, 5, 10);
    store.failNext(1); // X's file reaches 10 records: its pending marker PUT fails
    assertThat(w.write(batch)).containsOnlyKeys(X).containsEntry(X, 0L);

    clock.advance(61_000);
    store.failNext(1); // first redelivery: Y's scheduled rotation fails
    assertThat(w.write(batch)).containsOnlyKeys(Y).containsEntry(Y, 0L);

    assertThat(w.write(batch)).as("second redelivery").isEmpty();

    // Fetched from the seeks.
    assertThat(w.write(concat(records(X, 0, 10), records(Y, 0, 3)))).isEmpty();
    clock.advance(61_000);
    assertThat(w.write(List.of())).isEmpty();

    assertThat(landedIds(X)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(landedIds(Y)).containsExactly(1000L, 1001L, 1002L);
    assertThat(w.preCommit()).containsEntry(X, 10L).containsEntry(Y, 3L);
  }

  /**
   * A put with no records throws (a scheduled rotation failed); then a rebalance revokes another
   * partition, the batch Connect holds is empty, so it fetches: from the seek. Those records are
   * not a redelivery and must be written.
   */
  @Test
  void recordsFetchedAfterAnEmptyFailedBatchAreWritten() throws Exception {
    SinkWriter w = writer();
    w.open(List.of(X, Y));
    assertThat(w.write(records(X, 0, 3))).isEmpty();

    clock.advance(61_000);
    store.failNext(1);
    assertThat(w.write(List.of())).containsEntry(X, 0L);

    w.close(List.of(Y));
    assertThat(w.write(records(X, 0, 4))).isEmpty();
    clock.advance(61_000);
    assertThat(w.write(List.of())).isEmpty();

    assertThat(landedIds(X)).containsExactly(0L, 1L, 2L, 3L);
  }

  /** The redelivered batch loses a revoked partition's records: it is still the same batch. */
  @Test
  void aRedeliveryWithoutTheRevokedPartitionsRecordsIsStillIgnored() throws Exception {
    SinkWriter w = writer(Map.of());
    w.open(List.of(X, Y));
    assertThat(w.write(records(X, 0, 5))).isEmpty();

    List<IncomingRecord> ys = records(Y, 0, 2);
    List<IncomingRecord> xs = records(X, 5, 10);
    store.failNext(1);
    assertThat(w.write(concat(ys, xs))).containsOnlyKeys(X);

    w.close(List.of(Y));
    assertThat(w.write(xs)).as("the redelivery, less Y").isEmpty();
    assertThat(w.write(records(X, 0, 10))).isEmpty();

    assertThat(landedIds(X)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
  }

  /**
   * With a topic-renaming SMT, Connect removes a revoked partition's records from its batch by the
   * renamed topic, so it redelivers them all (the outside review of the first cursor: it filtered
   * by original coordinates and took the redelivery for new records).
   */
  @Test
  void aRedeliveryThatStillHoldsTheRevokedPartitionsRecordsIsIgnored() throws Exception {
    SinkWriter w = writer(Map.of());
    w.open(List.of(X, Y));
    assertThat(w.write(records(X, 0, 5))).isEmpty();

    List<IncomingRecord> batch = concat(records(Y, 0, 2), records(X, 5, 10));
    store.failNext(1);
    assertThat(w.write(batch)).containsOnlyKeys(X);

    w.close(List.of(Y));
    assertThat(w.write(batch)).as("Connect's batch, Y's records still in it").isEmpty();
    assertThat(w.write(records(X, 0, 15))).isEmpty();
    clock.advance(61_000);
    assertThat(w.write(List.of())).isEmpty();

    assertThat(landedIds(X)).containsExactlyElementsOf(range(0, 15));
  }

  /**
   * A rebalance revokes and reassigns X while Connect holds a failed batch that, behind a renaming
   * SMT, keeps X's old records: they are redelivered to the new assignment, whose position is where
   * recovery put it, and must be ignored (found by ExactlyOnceModelTest).
   */
  @Test
  void oldRecordsRedeliveredToAReassignedPartitionAreIgnored() throws Exception {
    SinkWriter w = writer();
    w.open(List.of(X, Y));
    assertThat(w.write(records(X, 0, 5))).isEmpty();

    List<IncomingRecord> batch = concat(records(X, 5, 9), records(Y, 0, 10));
    store.failNext(1); // Y's tenth record closes its file: the pending marker PUT fails
    assertThat(w.write(batch)).containsOnlyKeys(Y);

    w.close(List.of(X, Y));
    assertThat(w.open(List.of(X, Y))).isEmpty(); // no marker yet: the group's offsets apply
    assertThat(w.write(batch)).as("the old batch, redelivered to the new assignment").isEmpty();
    assertThat(w.write(concat(records(X, 0, 10), records(Y, 0, 10)))).isEmpty();

    assertThat(landedIds(X)).containsExactlyElementsOf(range(0, 10));
    assertThat(landedIds(Y)).containsExactlyElementsOf(range(1000, 1010));
  }

  /**
   * An outage while a partition's file holds an uploaded part: rewinding it must not touch S3
   * (closing its writer used to upload the last part and throw out of the rewind, so the seeks of
   * partitions rewound earlier in the same put were never asked for).
   */
  @Test
  void aRewindDuringAnOutageTouchesNoS3AndKeepsTheOtherPartitionsSeeks() throws Exception {
    SinkWriter w = writer(Map.of(S3SinkConfig.S3_PART_SIZE_BYTES, Long.toString(5L * 1024 * 1024)));
    w.open(List.of(X, Y));
    assertThat(w.write(concat(records(Y, 0, 9), bigRecords(X, 0, 6)))).isEmpty();

    store.outage(true);
    // Y's tenth record closes its file (the marker PUT fails); X's record crosses a part boundary.
    List<IncomingRecord> batch = concat(records(Y, 9, 10), bigRecords(X, 6, 10));
    assertThat(w.write(batch)).containsOnlyKeys(X, Y).containsEntry(Y, 0L).containsEntry(X, 0L);
    assertThat(w.write(batch)).as("redelivered during the outage").containsOnlyKeys();

    store.outage(false);
    assertThat(w.write(concat(records(Y, 0, 10), bigRecords(X, 0, 10)))).isEmpty();
    clock.advance(61_000);
    assertThat(w.write(List.of())).isEmpty();

    assertThat(landedIds(Y)).containsExactlyElementsOf(range(1000, 1010));
    assertThat(landedIds(X)).containsExactlyElementsOf(range(0, 10));
  }

  private static List<Long> range(long from, long to) {
    return java.util.stream.LongStream.range(from, to).boxed().toList();
  }

  /** Records of about 1 MiB each, so files promote to multipart uploads. */
  private static List<IncomingRecord> bigRecords(TopicPartition tp, long from, long to) {
    String mib = "x".repeat(1024 * 1024);
    List<IncomingRecord> out = new ArrayList<>();
    for (long o = from; o < to; o++) {
      long id = 1000L * tp.partition() + o;
      out.add(
          new IncomingRecord(
              tp.topic(),
              tp.partition(),
              o,
              0L,
              null,
              null,
              null,
              Map.of("id", id, "pad", mib),
              Map.of(),
              null));
    }
    return out;
  }

  private SinkWriter writer() {
    return writer(Map.of());
  }

  private SinkWriter writer(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    props.put(S3SinkConfig.S3_PREFIX, "raw");
    props.put(S3SinkConfig.FORMAT_TYPE, "JSONL");
    props.put(S3SinkConfig.FORMAT_COMPRESSION, "NONE");
    props.put(S3SinkConfig.ROTATE_RECORD_COUNT, "10");
    props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "60000");
    props.put(S3SinkConfig.BUFFER_SPILL_DIR, spill.toString());
    props.putAll(overrides);
    WriterSetup setup =
        WriterSetup.fromConfig(
            new S3SinkConfig(props), "it", store, CommitEventSink.NONE, clock, new TaskMetrics());
    return new SinkWriter(setup, (r, e) -> {});
  }

  /** Records of {@code tp} at {@code from..to-1}; ids are 1000 * partition + offset. */
  private static List<IncomingRecord> records(TopicPartition tp, long from, long to) {
    List<IncomingRecord> out = new ArrayList<>();
    for (long o = from; o < to; o++) {
      long id = 1000L * tp.partition() + o;
      out.add(
          new IncomingRecord(
              tp.topic(),
              tp.partition(),
              o,
              0L,
              null,
              null,
              null,
              Map.of("id", id),
              Map.of(),
              null));
    }
    return out;
  }

  private static List<IncomingRecord> concat(List<IncomingRecord> a, List<IncomingRecord> b) {
    List<IncomingRecord> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** Every row id in the visible data objects of {@code tp}, in key order (duplicates kept). */
  private List<Long> landedIds(TopicPartition tp) throws IOException {
    List<Long> ids = new ArrayList<>();
    for (String key : store.list("raw/orders/partition=" + tp.partition() + "/")) {
      Matcher m = ROW.matcher(new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8));
      while (m.find()) {
        ids.add(Long.parseLong(m.group(1)));
      }
    }
    ids.sort(null);
    return ids;
  }
}
