package io.tidemark.connect.s3.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.s3.S3SinkConfig;
import io.tidemark.connect.s3.events.CommitEvent;
import io.tidemark.connect.s3.events.CommitEventSink;
import io.tidemark.connect.s3.events.KeyRanges;
import io.tidemark.connect.s3.metrics.TaskMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer over an in-memory store: keys, content, commit protocol, replays, CDC and rewinds. */
class SinkWriterTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);

  @TempDir Path spill;

  private final FlakyStore store = new FlakyStore();
  private final List<CommitEvent> events = new ArrayList<>();
  private final List<String> badRecords = new ArrayList<>();

  private SinkWriter writer(Map<String, String> overrides) {
    return writer(overrides, new TaskMetrics());
  }

  private SinkWriter writer(Map<String, String> overrides, TaskMetrics metrics) {
    Map<String, String> props = new HashMap<>();
    props.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    props.put(S3SinkConfig.S3_PREFIX, "raw");
    props.put(S3SinkConfig.FORMAT_TYPE, "JSONL");
    props.put(S3SinkConfig.FORMAT_COMPRESSION, "NONE");
    props.put(S3SinkConfig.ROTATE_RECORD_COUNT, "3");
    // Cuts must not depend on when the test runs (the schedule is on by default).
    props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "0");
    props.put(S3SinkConfig.BUFFER_SPILL_DIR, spill.toString());
    props.putAll(overrides);
    CommitEventSink sink =
        new CommitEventSink() {
          @Override
          public void publish(CommitEvent event) {
            events.add(event);
          }

          @Override
          public void close() {}
        };
    WriterSetup setup =
        WriterSetup.fromConfig(
            new S3SinkConfig(props), "it", store, sink, Clock.systemUTC(), metrics);
    return new SinkWriter(setup, (r, e) -> badRecords.add(r.offset() + ": " + e.getMessage()));
  }

  private static IncomingRecord record(long offset, Object value) {
    return new IncomingRecord(
        "orders",
        0,
        offset,
        1_700_000_000_000L + offset,
        null,
        "k" + offset,
        null,
        value,
        Map.of(),
        null);
  }

  private static List<IncomingRecord> records(long from, long to) {
    return LongStream.range(from, to)
        .mapToObj(o -> record(o, Map.of("id", o, "name", "n" + o)))
        .toList();
  }

  private Map<String, String> dataObjects() throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (String key : store.list("raw/orders/")) {
      out.put(key, new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void landsFilesUnderDeterministicKeysAndCommitsOnlyWhatLanded() throws Exception {
    SinkWriter w = writer(Map.of());
    assertThat(w.open(List.of(TP))).isEmpty();
    assertThat(w.write(records(0, 7))).isEmpty();

    assertThat(dataObjects())
        .containsOnlyKeys(
            "raw/orders/partition=0/orders+0+00000000000000000000.jsonl",
            "raw/orders/partition=0/orders+0+00000000000000000003.jsonl");
    assertThat(dataObjects().get("raw/orders/partition=0/orders+0+00000000000000000000.jsonl"))
        .isEqualTo(
            "{\"id\":0,\"name\":\"n0\"}\n{\"id\":1,\"name\":\"n1\"}\n{\"id\":2,\"name\":\"n2\"}\n");
    // offset 6 sits in an open file: not committed.
    assertThat(w.preCommit()).containsEntry(TP, 6L);
    assertThat(events)
        .extracting(CommitEvent::startOffset, CommitEvent::endOffset, CommitEvent::recordCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 2L, 3L),
            org.assertj.core.groups.Tuple.tuple(3L, 5L, 3L));
    assertThat(events.get(0).partitionValues()).containsEntry("partition", "0");
    assertThat(events.get(0).schemaFingerprint()).hasSize(16);
    assertThat(events.get(0).bucket()).isEqualTo("test-bucket");
    assertThat(events.get(0).keyRanges()).as("none configured").isNull();
  }

  @Test
  void commitEventsCarryTheKeyRangesOfTheirObject() throws Exception {
    SinkWriter w = writer(Map.of(S3SinkConfig.COMMIT_EVENTS_KEY_RANGE_FIELDS, "id,name"));
    w.open(List.of(TP));
    w.write(records(0, 6));
    // id is an integer in every row; name is not, so it has no range.
    assertThat(events)
        .extracting(CommitEvent::keyRanges)
        .containsExactly(
            Map.of("id", new KeyRanges.Range(0, 2)), Map.of("id", new KeyRanges.Range(3, 5)));
  }

  @Test
  void metricsCountWhatLandedNotWhatIsStillOpen() throws Exception {
    Map<String, String> props = new HashMap<>();
    props.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    props.put(S3SinkConfig.S3_PREFIX, "raw");
    props.put(S3SinkConfig.FORMAT_TYPE, "JSONL");
    props.put(S3SinkConfig.FORMAT_COMPRESSION, "NONE");
    props.put(S3SinkConfig.ROTATE_RECORD_COUNT, "3");
    // Cuts must not depend on when the test runs (the schedule is on by default).
    props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "0");
    props.put(S3SinkConfig.BUFFER_SPILL_DIR, spill.toString());
    TaskMetrics metrics = new TaskMetrics();
    WriterSetup setup =
        WriterSetup.fromConfig(
            new S3SinkConfig(props), "it", store, CommitEventSink.NONE, Clock.systemUTC(), metrics);
    SinkWriter w =
        new SinkWriter(setup, (r, e) -> badRecords.add(r.offset() + ": " + e.getMessage()));
    w.open(List.of(TP));
    w.write(records(0, 7));

    long landedBytes = 0;
    assertThat(dataObjects()).hasSize(2);
    for (String body : dataObjects().values()) {
      landedBytes += body.getBytes(StandardCharsets.UTF_8).length;
    }
    assertThat(metrics.getObjectsCommitted()).isEqualTo(2);
    assertThat(metrics.getRecordsWritten()).as("offset 6 is in an open file").isEqualTo(6);
    assertThat(metrics.getBytesWritten()).isEqualTo(landedBytes).isPositive();
    assertThat(metrics.getUploadCount()).isEqualTo(2);
    assertThat(metrics.getUploadLatencyMaxMs())
        .isGreaterThanOrEqualTo(metrics.getUploadLatencyAvgMs());
    assertThat(metrics.getBufferBytesInUse())
        .as("the open file's buffer")
        .isPositive()
        .isEqualTo(setup.budget().usedBytes());
    w.close();
    assertThat(metrics.getBufferBytesInUse()).isZero();
  }

  @Test
  void aRestartSeeksToTheMarkerAndSkipsWhatLandedWhateverKafkaRedelivers() throws Exception {
    SinkWriter first = writer(Map.of());
    first.open(List.of(TP));
    first.write(records(0, 7));
    first.close(); // a crash: the open file (offset 6) is dropped, nothing committed to Kafka

    SinkWriter second = writer(Map.of());
    assertThat(second.open(List.of(TP))).containsEntry(TP, 6L);
    second.write(records(0, 10)); // Kafka redelivers from its own (older) committed offset
    second.preCommit();

    Map<Long, Integer> seen = new TreeMap<>();
    for (String body : dataObjects().values()) {
      for (String line : body.split("\n")) {
        long id = Long.parseLong(line.replaceAll(".*\"id\":(\\d+).*", "$1"));
        seen.merge(id, 1, Integer::sum);
      }
    }
    assertThat(seen).containsOnlyKeys(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(seen.values()).containsOnly(1);
    assertThat(second.preCommit()).containsEntry(TP, 9L);
  }

  @Test
  void schemaChangesOfSchemalessRecordsStartANewFile() throws Exception {
    SinkWriter w = writer(Map.of(S3SinkConfig.ROTATE_RECORD_COUNT, "100"));
    w.open(List.of(TP));
    w.write(
        List.of(
            record(0, Map.of("id", 1L)),
            record(1, Map.of("id", 2L)),
            record(2, Map.of("id", "text"))));
    w.write(List.of(record(3, Map.of("id", "x"))));
    // The INT64 file closed when the STRING record came; the STRING file is still open.
    assertThat(dataObjects())
        .containsOnlyKeys("raw/orders/partition=0/orders+0+00000000000000000000.jsonl");
    assertThat(w.preCommit()).containsEntry(TP, 2L);
  }

  @Test
  void tombstonesAreSkippedAndStillCommitted() throws Exception {
    SinkWriter w = writer(Map.of());
    w.open(List.of(TP));
    w.write(List.of(record(0, null), record(1, null)));
    assertThat(dataObjects()).isEmpty();
    assertThat(w.preCommit()).containsEntry(TP, 2L);
  }

  @Test
  void tombstoneMarkersAndKafkaColumnsAreWritten() throws Exception {
    SinkWriter w =
        writer(
            Map.of(
                S3SinkConfig.CDC_TOMBSTONE_BEHAVIOR,
                "WRITE_MARKER",
                S3SinkConfig.RECORD_KAFKA_COORDINATES_ENABLED,
                "true",
                S3SinkConfig.RECORD_KEY_COLUMN_ENABLED,
                "true",
                S3SinkConfig.ROTATE_RECORD_COUNT,
                "1"));
    w.open(List.of(TP));
    w.write(
        List.of(
            new IncomingRecord(
                "orders", 0, 0, 5L, null, Map.of("id", 7L), null, null, Map.of(), null)));
    assertThat(dataObjects().values())
        .containsExactly(
            "{\"id\":7,\"__deleted\":true,\"__key\":\"{\\\"id\\\":7}\","
                + "\"__topic\":\"orders\",\"__partition\":0,\"__offset\":0,\"__timestamp\":\"1970-01-01T00:00:00.005Z\"}\n");
  }

  @Test
  void tombstonesCanFailTheTask() throws Exception {
    SinkWriter w = writer(Map.of(S3SinkConfig.CDC_TOMBSTONE_BEHAVIOR, "FAIL"));
    w.open(List.of(TP));
    assertThatThrownBy(() -> w.write(List.of(record(0, null))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("orders-0@0");
  }

  @Test
  void debeziumDeletesCanBeSkipped() throws Exception {
    SinkWriter w =
        writer(
            Map.of(
                S3SinkConfig.CDC_DELETE_BEHAVIOR, "SKIP", S3SinkConfig.ROTATE_RECORD_COUNT, "1"));
    w.open(List.of(TP));
    w.write(
        List.of(
            record(0, Map.of("id", 1L, "__deleted", "true")),
            record(1, Map.of("id", 2L, "__deleted", "false"))));
    assertThat(dataObjects())
        .containsOnlyKeys("raw/orders/partition=0/orders+0+00000000000000000001.jsonl");
  }

  @Test
  void badRecordsGoToTheReporterAndAreCommittedPast() throws Exception {
    SinkWriter w =
        writer(
            Map.of(
                S3SinkConfig.PARTITIONER_TYPE,
                "FIELD",
                S3SinkConfig.PARTITIONER_FIELD_NAMES,
                "country",
                S3SinkConfig.ROTATE_RECORD_COUNT,
                "1"));
    w.open(List.of(TP));
    w.write(
        List.of(
            record(0, Map.of("country", Map.of("nested", 1L))),
            record(1, Map.of("country", "FR"))));
    assertThat(badRecords).hasSize(1).allMatch(s -> s.startsWith("0: "));
    assertThat(dataObjects())
        .containsOnlyKeys("raw/orders/country=FR/orders+0+00000000000000000001.jsonl");
    assertThat(w.preCommit()).containsEntry(TP, 2L);
  }

  @Test
  void parquetRowGroupsPastTheBudgetLandFilesEarly() throws Exception {
    SinkWriter w =
        writer(
            Map.of(
                S3SinkConfig.FORMAT_TYPE,
                "PARQUET",
                S3SinkConfig.FORMAT_COMPRESSION,
                "NONE",
                S3SinkConfig.PARTITIONER_TYPE,
                "FIELD",
                S3SinkConfig.PARTITIONER_FIELD_NAMES,
                "country",
                S3SinkConfig.ROTATE_RECORD_COUNT,
                "1000000",
                S3SinkConfig.BUFFER_BUDGET_BYTES,
                Long.toString(1024 * 1024)));
    w.open(List.of(TP));
    String filler = "x".repeat(2000);
    List<IncomingRecord> batch = new ArrayList<>();
    for (long o = 0; o < 2000; o++) {
      batch.add(record(o, Map.of("id", o, "country", "c" + (o % 50), "filler", filler + o)));
    }
    assertThat(w.write(batch)).isEmpty();
    // 4 MB of row data over 50 open files cannot stay within 1 MiB: files landed early.
    List<String> landed = store.list("raw/orders/");
    assertThat(landed).isNotEmpty();
    long rows = 0;
    for (String key : landed) {
      rows +=
          io.tidemark.connect.s3.format.ParquetFiles.read(store.get(key).orElseThrow())
              .rows()
              .size();
    }
    assertThat(rows).isPositive().isLessThan(2000);
    assertThat(w.preCommit()).containsKey(TP);
  }

  @Test
  void aThousandOpenPartitionsStaySmallInMemoryAndSpillInsteadOfLandingEarly() throws Exception {
    TaskMetrics metrics = new TaskMetrics();
    long budget = 1024 * 1024;
    SinkWriter w =
        writer(
            Map.of(
                S3SinkConfig.FORMAT_TYPE,
                "PARQUET",
                S3SinkConfig.FORMAT_COMPRESSION,
                "SNAPPY",
                S3SinkConfig.PARTITIONER_TYPE,
                "FIELD",
                S3SinkConfig.PARTITIONER_FIELD_NAMES,
                "bucket",
                S3SinkConfig.ROTATE_RECORD_COUNT,
                "5",
                S3SinkConfig.BUFFER_BUDGET_BYTES,
                Long.toString(budget)),
            metrics);
    w.open(List.of(TP));
    String note = "n".repeat(300);
    List<IncomingRecord> first = new ArrayList<>();
    for (long o = 0; o < 4000; o++) {
      first.add(record(o, Map.of("id", o, "bucket", o % 1000, "note", note + o)));
    }
    assertThat(w.write(first)).isEmpty();
    // 1.3 MB staged over 1,000 files: nothing landed early, the overflow went to disk, and the
    // memory in use is within the budget although a Parquet writer per file would need ~100 MB.
    assertThat(store.list("raw/orders/")).isEmpty();
    assertThat(java.nio.file.Files.list(spill).count()).isPositive();
    assertThat(metrics.getBufferBytesInUse()).isPositive().isLessThanOrEqualTo(budget);

    List<IncomingRecord> last = new ArrayList<>();
    for (long o = 4000; o < 5000; o++) {
      last.add(record(o, Map.of("id", o, "bucket", o % 1000, "note", note + o)));
    }
    assertThat(w.write(last)).isEmpty();
    List<String> landed = store.list("raw/orders/");
    assertThat(landed).hasSize(1000);
    for (String key : List.of(landed.get(0), landed.get(517), landed.get(999))) {
      List<org.apache.parquet.example.data.Group> rows =
          io.tidemark.connect.s3.format.ParquetFiles.read(store.get(key).orElseThrow()).rows();
      assertThat(rows).hasSize(5);
      long bucket = rows.get(0).getLong("bucket", 0);
      assertThat(key).contains("/bucket=" + bucket + "/");
      for (int i = 0; i < 5; i++) {
        assertThat(rows.get(i).getLong("id", 0)).isEqualTo(bucket + 1000L * i);
        assertThat(rows.get(i).getString("note", 0)).isEqualTo(note + (bucket + 1000L * i));
      }
    }
    assertThat(java.nio.file.Files.list(spill).count()).isZero();
    assertThat(metrics.getBufferBytesInUse()).isZero();
    assertThat(w.preCommit()).containsEntry(TP, 5000L);
  }

  @Test
  void aRewindWhoseRecoveryAlsoFailsStillReplaysEveryDroppedRecord() throws Exception {
    SinkWriter w = writer(Map.of());
    w.open(List.of(TP));
    w.write(records(0, 4)); // 0-2 landed, 3 open
    store.failNext(2); // the pending marker PUT fails, then the recovery's GET
    List<IncomingRecord> batch = records(4, 6);
    assertThat(w.write(batch)).containsEntry(TP, 3L);
    assertThat(w.write(batch)).isEmpty(); // the redelivered batch (the same records) is ignored
    assertThat(w.write(records(3, 9)))
        .isEmpty(); // recovery succeeds; 3-5 were dropped and come again
    assertThat(dataObjects())
        .containsOnlyKeys(
            "raw/orders/partition=0/orders+0+00000000000000000000.jsonl",
            "raw/orders/partition=0/orders+0+00000000000000000003.jsonl",
            "raw/orders/partition=0/orders+0+00000000000000000006.jsonl");
    assertThat(dataObjects().get("raw/orders/partition=0/orders+0+00000000000000000003.jsonl"))
        .isEqualTo(
            "{\"id\":3,\"name\":\"n3\"}\n{\"id\":4,\"name\":\"n4\"}\n{\"id\":5,\"name\":\"n5\"}\n");
  }

  @Test
  void recoveryThatFailsInOpenHappensBeforeTheFirstRecordAndSkipsWhatLanded() throws Exception {
    SinkWriter first = writer(Map.of());
    first.open(List.of(TP));
    first.write(records(0, 7)); // 0-5 landed, 6 open; Kafka never got a commit
    first.close();

    SinkWriter second = writer(Map.of());
    store.failNext(1);
    assertThat(second.open(List.of(TP))).isEmpty(); // no seek known: the group's offset (0) applies
    assertThat(second.write(records(0, 9))).isEmpty();
    assertThat(dataObjects())
        .containsOnlyKeys(
            "raw/orders/partition=0/orders+0+00000000000000000000.jsonl",
            "raw/orders/partition=0/orders+0+00000000000000000003.jsonl",
            "raw/orders/partition=0/orders+0+00000000000000000006.jsonl");
    assertThat(second.preCommit()).containsEntry(TP, 9L);
  }

  @Test
  void aTransientFailureRewindsThePartitionAndTheReplayLandsEverythingOnce() throws Exception {
    SinkWriter w = writer(Map.of());
    w.open(List.of(TP));
    w.write(records(0, 4)); // 0-2 landed, 3 open
    store.failNext(1);
    // The next commit fails: the writer drops the open file and asks for a seek to the durable
    // offset.
    List<IncomingRecord> batch = records(4, 6);
    assertThat(w.write(batch)).containsEntry(TP, 3L);
    assertThat(w.write(batch)).isEmpty(); // Connect redelivers the failed batch: ignored
    assertThat(w.write(records(3, 9))).isEmpty(); // then the seek takes effect
    assertThat(dataObjects())
        .containsOnlyKeys(
            "raw/orders/partition=0/orders+0+00000000000000000000.jsonl",
            "raw/orders/partition=0/orders+0+00000000000000000003.jsonl",
            "raw/orders/partition=0/orders+0+00000000000000000006.jsonl");
    assertThat(dataObjects().get("raw/orders/partition=0/orders+0+00000000000000000003.jsonl"))
        .isEqualTo(
            "{\"id\":3,\"name\":\"n3\"}\n{\"id\":4,\"name\":\"n4\"}\n{\"id\":5,\"name\":\"n5\"}\n");
    assertThat(w.preCommit()).containsEntry(TP, 9L);
  }
}
