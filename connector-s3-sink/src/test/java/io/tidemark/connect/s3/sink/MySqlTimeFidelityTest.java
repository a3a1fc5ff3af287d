package io.tidemark.connect.s3.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tidemark.connect.s3.S3SinkConfig;
import io.tidemark.connect.s3.events.CommitEventSink;
import io.tidemark.connect.s3.metrics.TaskMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Second-reader findings: MySQL values the S3 sink's text formats do not land as MySQL holds them.
 *
 * <p>MySQL TIME is a duration from -838:59:59.000000 to 838:59:59.000000; Debezium
 * (time.precision.mode=adaptive_time_microseconds, as every shipped Debezium config sets) sends it
 * as io.debezium.time.MicroTime, signed microseconds. The README maps MicroTime to JSONL/CSV text
 * {@code HH:mm:ss.ffffff}; MySQL itself prints {@code -12:30:00.000000} and {@code
 * 838:59:59.000000}. TextValues.scalar formats TIME_MICROS with {@code LocalTime.ofNanoOfDay},
 * which throws a DateTimeException (not a DataException) for such a value: RowCodec staged the row,
 * the throw comes when the file is promoted or finished, escapes SinkWriter.write (only CorruptRow,
 * IOException and RetriableException are caught) and S3SinkTask.put, so errors.tolerance=all and
 * the DLQ never see it: the task fails, and after a restart fails again on the same record.
 */
class MySqlTimeFidelityTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);

  private static final Schema MICRO_TIME =
      SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build();

  @TempDir Path spill;

  private final FlakyStore store = new FlakyStore();
  private final Map<Long, String> bad = new LinkedHashMap<>();

  private SinkWriter writer(String format) throws Exception {
    Map<String, String> props = new HashMap<>();
    props.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    props.put(S3SinkConfig.S3_PREFIX, "raw");
    props.put(S3SinkConfig.FORMAT_TYPE, format);
    props.put(S3SinkConfig.FORMAT_COMPRESSION, "NONE");
    props.put(S3SinkConfig.ROTATE_RECORD_COUNT, "1");
    props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "0");
    props.put(S3SinkConfig.BUFFER_SPILL_DIR, spill.toString());
    WriterSetup setup =
        WriterSetup.fromConfig(
            new S3SinkConfig(props),
            "it",
            store,
            CommitEventSink.NONE,
            Clock.systemUTC(),
            new TaskMetrics());
    SinkWriter w = new SinkWriter(setup, (r, e) -> bad.put(r.offset(), e.getMessage()));
    assertThat(w.open(List.of(TP))).isEmpty();
    return w;
  }

  private static IncomingRecord record(long offset, Schema field, Object value) {
    Schema schema =
        SchemaBuilder.struct()
            .name("row")
            .field("id", Schema.INT64_SCHEMA)
            .field("v", field)
            .build();
    return new IncomingRecord(
        "orders",
        0,
        offset,
        1_700_000_000_000L,
        null,
        null,
        schema,
        new Struct(schema).put("id", 1L).put("v", value),
        Map.of(),
        null);
  }

  private String landed() throws Exception {
    StringBuilder all = new StringBuilder();
    for (String key : store.list("raw/orders/")) {
      all.append(new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8));
    }
    return all.toString();
  }

  /**
   * {@code TIME '-12:30:00'} and {@code TIME '838:59:59'} (MySQL's own range ends) and {@code TIME
   * '24:00:00'} land as MySQL prints them, without failing the task.
   */
  @ParameterizedTest
  @CsvSource({
    "JSONL, -45000000000, -12:30:00.000000",
    "JSONL, 3020399000000, 838:59:59.000000",
    "JSONL, 86400000000, 24:00:00.000000",
    "CSV, -45000000000, -12:30:00.000000",
    "CSV, 3020399000000, 838:59:59.000000"
  })
  void aMySqlTimeDurationLandsAsMySqlPrintsIt(String format, long micros, String mysql)
      throws Exception {
    SinkWriter w = writer(format);
    assertThatCode(() -> w.write(List.of(record(0, MICRO_TIME, micros))))
        .as("put must not fail the task past the DLQ")
        .doesNotThrowAnyException();
    assertThat(bad).as("a valid MySQL TIME is not a bad record for a text format").isEmpty();
    assertThat(landed()).contains(mysql);
  }

  /**
   * Parquet's and Avro's TIME hold a time of day only: a MySQL TIME duration outside it is a bad
   * record naming the column (the DLQ keeps it), never a silently out-of-spec value.
   */
  @ParameterizedTest
  @ValueSource(strings = {"PARQUET", "AVRO"})
  void aDurationOutsideADayIsABadRecordInParquetAndAvro(String format) throws Exception {
    SinkWriter w = writer(format);
    w.write(List.of(record(0, MICRO_TIME, -45_000_000_000L)));
    w.write(List.of(record(0, MICRO_TIME, -45_000_000_000L))); // redelivered after the rewind
    assertThat(bad).containsOnlyKeys(0L);
    assertThat(bad.get(0L)).contains("'v'", "-12:30:00.000000", "not a time of day");
  }

  /**
   * MySQL {@code BIT(16)} {@code b'0000000100000010'}: {@code HEX(col)} = 0102. Debezium's Bits
   * bytes are little-endian ({@code {0x02, 0x01}}); the sink lands them as plain BYTES unchanged,
   * i.e. base64 of 0x0201 ("AgE=") instead of 0x0102 ("AQI="). (The shipped NormalizeTypes turns
   * Bits into int64 first; a chain without it, or bits.target=keep, lands reversed bytes.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"JSONL", "CSV"})
  void bitsLandInMySqlByteOrder(String format) throws Exception {
    Schema bits =
        SchemaBuilder.bytes().name("io.debezium.data.Bits").parameter("length", "16").build();
    SinkWriter w = writer(format);
    w.write(List.of(record(0, bits, new byte[] {0x02, 0x01})));
    assertThat(bad).isEmpty();
    assertThat(landed()).contains("AQI=");
  }
}
