package io.tidemark.connect.s3.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.s3.S3SinkConfig;
import io.tidemark.connect.s3.events.CommitEventSink;
import io.tidemark.connect.s3.format.ParquetFiles;
import io.tidemark.connect.s3.metrics.TaskMetrics;
import io.tidemark.stack.kit.BadInput;
import io.tidemark.stack.kit.BadInput.Kind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each {@link BadInput} case through the S3 sink's writer (every record its own object, in-memory
 * store), asserting the S3 outcome the README table states: a bad record reaches the reporter with
 * a message naming the field and nothing lands for it, a converted one lands as described.
 */
class BadInputTest {

  private static final TopicPartition TP = new TopicPartition("orders", 0);

  @TempDir Path spill;

  private final FlakyStore store = new FlakyStore();
  private final Map<Long, String> bad = new LinkedHashMap<>();
  private final TaskMetrics metrics = new TaskMetrics();
  private String prefix;

  private SinkWriter writer(String format, Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    props.put(S3SinkConfig.S3_PREFIX, "raw");
    props.put(S3SinkConfig.FORMAT_TYPE, format);
    props.put(S3SinkConfig.FORMAT_COMPRESSION, "NONE");
    props.put(S3SinkConfig.ROTATE_RECORD_COUNT, "1");
    // Cuts must not depend on when the test runs (the schedule is on by default).
    props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "0");
    props.put(S3SinkConfig.BUFFER_SPILL_DIR, spill.toString());
    props.putAll(overrides);
    prefix = props.get(S3SinkConfig.S3_PREFIX) + "/orders/";
    WriterSetup setup =
        WriterSetup.fromConfig(
            new S3SinkConfig(props), "it", store, CommitEventSink.NONE, Clock.systemUTC(), metrics);
    SinkWriter w = new SinkWriter(setup, (r, e) -> bad.put(r.offset(), e.getMessage()));
    try {
      assertThat(w.open(List.of(TP))).isEmpty();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return w;
  }

  private static IncomingRecord record(long offset, Schema schema, Object value) {
    return new IncomingRecord(
        "orders",
        0,
        offset,
        1_700_000_000_000L + offset,
        null,
        "k" + offset,
        schema,
        value,
        Map.of(),
        null);
  }

  private static Struct row(Schema fieldSchema, Object value) {
    Schema s =
        SchemaBuilder.struct()
            .name("row")
            .field("id", Schema.INT64_SCHEMA)
            .field("v", fieldSchema)
            .build();
    return new Struct(s).put("id", 1L).put("v", value);
  }

  /**
   * Writes one record at {@code offset}; BAD_RECORD when reported (and nothing landed), else
   * CONVERTED.
   */
  private Kind write(SinkWriter w, long offset, Schema schema, Object value) throws Exception {
    int before = store.list(prefix).size();
    assertThat(w.write(List.of(record(offset, schema, value)))).as("no rewind").isEmpty();
    if (bad.containsKey(offset)) {
      assertThat(store.list(prefix)).hasSize(before);
      return Kind.BAD_RECORD;
    }
    assertThat(object(offset)).isNotNull();
    return Kind.CONVERTED;
  }

  private byte[] object(long offset) throws Exception {
    String suffix = String.format("+0+%020d.", offset);
    for (String key : store.list(prefix)) {
      if (key.contains(suffix)) {
        return store.get(key).orElseThrow();
      }
    }
    return null;
  }

  private String text(long offset) throws Exception {
    return new String(object(offset), StandardCharsets.UTF_8);
  }

  @Test
  void aValueThatIsNotARowLandsAsOneValueColumn() throws Exception {
    SinkWriter w = writer("JSONL", Map.of());
    assertThat(write(w, 0, Schema.STRING_SCHEMA, "just text"))
        .isEqualTo(BadInput.VALUE_NOT_A_ROW.s3.kind());
    assertThat(write(w, 1, null, 42L)).isEqualTo(BadInput.VALUE_NOT_A_ROW.s3.kind());
    assertThat(write(w, 2, null, List.of(1L, 2L))).isEqualTo(BadInput.VALUE_NOT_A_ROW.s3.kind());
    assertThat(text(0)).isEqualTo("{\"value\":\"just text\"}\n");
    assertThat(text(1)).isEqualTo("{\"value\":42}\n");
    assertThat(text(2)).isEqualTo("{\"value\":[1,2]}\n");
    assertThat(bad).isEmpty();
    assertThat(w.preCommit()).containsEntry(TP, 3L);
  }

  @Test
  void schemalessRecordsAreInferredAndAFieldChangingTypeStartsANewFile() throws Exception {
    SinkWriter w = writer("JSONL", Map.of(S3SinkConfig.ROTATE_RECORD_COUNT, "10"));
    w.write(
        List.of(
            record(0, null, Map.of("id", 1L, "v", 5L)),
            record(1, null, Map.of("id", 2L, "v", "five"))));
    SinkWriter typed =
        writer(
            "JSONL",
            Map.of(S3SinkConfig.ROTATE_RECORD_COUNT, "10", S3SinkConfig.S3_PREFIX, "typed"));
    Struct a = row(Schema.INT64_SCHEMA, 5L);
    Struct b = row(Schema.STRING_SCHEMA, "five");
    typed.write(List.of(record(0, a.schema(), a), record(1, b.schema(), b)));
    assertThat(store.list("typed/orders/"))
        .as("the schema change closed the first file")
        .hasSize(1);
    assertThat(
            new String(
                store.get(store.list("typed/orders/").get(0)).orElseThrow(),
                StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":1,\"v\":5}\n");
    assertThat(bad).isEmpty();
    assertThat(Kind.CONVERTED)
        .isEqualTo(BadInput.SCHEMALESS.s3.kind())
        .isEqualTo(BadInput.FIELD_TYPE_CHANGED.s3.kind());
  }

  @Test
  void loneSurrogatesAreBadRecordsInEveryFormat() throws Exception {
    for (String format : List.of("JSONL", "CSV", "PARQUET", "AVRO")) {
      bad.clear();
      SinkWriter w = writer(format, Map.of(S3SinkConfig.S3_PREFIX, "raw/" + format));
      Struct s = row(Schema.STRING_SCHEMA, "a\ud800b");
      assertThat(write(w, 0, s.schema(), s))
          .as(format)
          .isEqualTo(BadInput.LONE_SURROGATE.s3.kind());
      assertThat(bad.get(0L)).contains("'v'").contains("surrogate");
      assertThat(write(w, 1, null, Map.of("id", 1L, "v", "\udc00")))
          .as(format)
          .isEqualTo(BadInput.LONE_SURROGATE.s3.kind());
      Struct pair = row(Schema.STRING_SCHEMA, "emoji \ud83d\ude00");
      assertThat(write(w, 2, pair.schema(), pair))
          .as("a surrogate pair is fine")
          .isEqualTo(Kind.CONVERTED);
    }
  }

  @Test
  void nulCharactersAreKept() throws Exception {
    SinkWriter w = writer("JSONL", Map.of());
    Struct s = row(Schema.STRING_SCHEMA, "a\u0000b");
    assertThat(write(w, 0, s.schema(), s)).isEqualTo(BadInput.NUL_CHARACTER.s3.kind());
    assertThat(text(0)).isEqualTo("{\"id\":1,\"v\":\"a\\u0000b\"}\n");
  }

  @Test
  void aTenMegabyteValueSpillsUnderASmallBudgetAndLandsWhole() throws Exception {
    long budget = 1024 * 1024;
    for (String format : List.of("JSONL", "PARQUET")) {
      SinkWriter w =
          writer(
              format,
              Map.of(
                  S3SinkConfig.BUFFER_BUDGET_BYTES,
                  Long.toString(budget),
                  S3SinkConfig.ROTATE_RECORD_COUNT,
                  "2",
                  S3SinkConfig.S3_PREFIX,
                  "raw/" + format));
      String huge = "0123456789".repeat(1024 * 1024);
      Struct small = row(Schema.STRING_SCHEMA, "small");
      Struct big = row(Schema.STRING_SCHEMA, huge);
      w.write(List.of(record(0, small.schema(), small), record(1, big.schema(), big)));
      assertThat(metrics.getBufferBytesInUse()).as(format).isLessThanOrEqualTo(budget);
      assertThat(bad).isEmpty();
      List<String> keys = store.list(prefix);
      assertThat(keys).as(format).hasSize(1);
      byte[] landed = store.get(keys.get(0)).orElseThrow();
      if (format.equals("JSONL")) {
        String expected = "{\"id\":1,\"v\":\"small\"}\n{\"id\":1,\"v\":\"" + huge + "\"}\n";
        String actual = new String(landed, StandardCharsets.UTF_8);
        int diff = 0;
        while (diff < Math.min(actual.length(), expected.length())
            && actual.charAt(diff) == expected.charAt(diff)) {
          diff++;
        }
        assertThat(actual.length())
            .as(
                "first difference at %d: %s",
                diff,
                actual.substring(Math.max(0, diff - 20), Math.min(actual.length(), diff + 20)))
            .isEqualTo(expected.length());
        assertThat(actual.equals(expected)).as("first difference at %d", diff).isTrue();
      } else {
        assertThat(ParquetFiles.read(landed).rows().get(1).getString("v", 0)).isEqualTo(huge);
      }
      w.close();
    }
    assertThat(Kind.CONVERTED).isEqualTo(BadInput.HUGE_STRING.s3.kind());
  }

  @Test
  void nanAndInfinityAreConvertedPerFormat() throws Exception {
    double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    SinkWriter jsonl = writer("JSONL", Map.of(S3SinkConfig.S3_PREFIX, "raw/jsonl"));
    SinkWriter csv = writer("CSV", Map.of(S3SinkConfig.S3_PREFIX, "raw/csv"));
    SinkWriter parquet = writer("PARQUET", Map.of(S3SinkConfig.S3_PREFIX, "raw/parquet"));
    SinkWriter avro = writer("AVRO", Map.of(S3SinkConfig.S3_PREFIX, "raw/avro"));
    String[] json = {"\"NaN\"", "\"Infinity\"", "\"-Infinity\""};
    String[] plain = {"NaN", "Infinity", "-Infinity"};
    for (int i = 0; i < values.length; i++) {
      Struct s = row(Schema.FLOAT64_SCHEMA, values[i]);
      for (SinkWriter w : List.of(jsonl, csv, parquet, avro)) {
        w.write(List.of(record(i, s.schema(), s)));
      }
      assertThat(bad).isEmpty();
      assertThat(landed("raw/jsonl/", i)).isEqualTo("{\"id\":1,\"v\":" + json[i] + "}\n");
      assertThat(landed("raw/csv/", i)).isEqualTo("id,v\n1," + plain[i] + "\n");
      Group g = ParquetFiles.read(store.get(key("raw/parquet/", i)).orElseThrow()).rows().get(0);
      assertThat(Double.compare(g.getDouble("v", 0), values[i])).isZero();
      try (DataFileReader<GenericRecord> reader =
          new DataFileReader<>(
              new SeekableByteArrayInput(store.get(key("raw/avro/", i)).orElseThrow()),
              new GenericDatumReader<>())) {
        assertThat(Double.compare((Double) reader.next().get("v"), values[i])).isZero();
      }
    }
    assertThat(Kind.CONVERTED).isEqualTo(BadInput.NAN_INFINITY.s3.kind());
  }

  private String key(String prefix, long offset) throws Exception {
    String suffix = String.format("+0+%020d.", offset);
    return store.list(prefix).stream().filter(k -> k.contains(suffix)).findFirst().orElseThrow();
  }

  private String landed(String prefix, long offset) throws Exception {
    return new String(store.get(key(prefix, offset)).orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void decimalsOverPrecision38LandAsExactText() throws Exception {
    Schema wide = Decimal.builder(2).parameter("connect.decimal.precision", "65").build();
    BigDecimal big =
        new BigDecimal("1234567890123456789012345678901234567890123456789012345678901.23");
    SinkWriter w = writer("PARQUET", Map.of());
    Struct s = row(wide, big);
    assertThat(write(w, 0, s.schema(), s)).isEqualTo(BadInput.DECIMAL_OVER_38.s3.kind());
    ParquetFiles.Contents c = ParquetFiles.read(object(0));
    assertThat(c.schema().getType("v").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.BINARY);
    assertThat(c.rows().get(0).getString("v", 0)).isEqualTo(big.toPlainString());
  }

  @Test
  void aDecimalThatNeedsRoundingOrMoreDigitsIsABadRecord() throws Exception {
    Schema d = Decimal.builder(2).parameter("connect.decimal.precision", "5").build();
    SinkWriter w = writer("PARQUET", Map.of());
    Struct tooMany = row(d, new BigDecimal("12345.00"));
    assertThat(write(w, 0, tooMany.schema(), tooMany)).isEqualTo(BadInput.NUMBER_TOO_BIG.s3.kind());
    assertThat(bad.get(0L)).contains("'v'");
    Struct fits = row(d, new BigDecimal("123.45"));
    assertThat(write(w, 1, fits.schema(), fits)).isEqualTo(Kind.CONVERTED);
  }

  @Test
  void zeroDatesLandAsNullOrTheEpoch() throws Exception {
    Schema date = SchemaBuilder.int32().name("io.debezium.time.Date").version(1).optional().build();
    SinkWriter w = writer("JSONL", Map.of());
    assertThat(write(w, 0, row(date, 0).schema(), row(date, 0)))
        .isEqualTo(BadInput.ZERO_DATE.s3.kind());
    assertThat(write(w, 1, row(date, null).schema(), row(date, null)))
        .isEqualTo(BadInput.ZERO_DATE.s3.kind());
    assertThat(text(0)).isEqualTo("{\"id\":1,\"v\":\"1970-01-01\"}\n");
    assertThat(text(1)).isEqualTo("{\"id\":1,\"v\":null}\n");
  }

  @Test
  void nullKeysAreNotNeeded() throws Exception {
    SinkWriter w = writer("JSONL", Map.of(S3SinkConfig.RECORD_KEY_COLUMN_ENABLED, "true"));
    Struct s = row(Schema.STRING_SCHEMA, "x");
    w.write(
        List.of(new IncomingRecord("orders", 0, 0, 1L, null, null, s.schema(), s, Map.of(), null)));
    assertThat(bad).isEmpty();
    assertThat(text(0)).isEqualTo("{\"id\":1,\"v\":\"x\",\"__key\":null}\n");
    assertThat(Kind.CONVERTED).isEqualTo(BadInput.NULL_KEY.s3.kind());
  }

  @Test
  void envelopesWithUnknownTruncateOrMessageOpsLandAsTheyAre() throws Exception {
    SinkWriter w = writer("JSONL", Map.of());
    Schema rowSchema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).optional().build();
    Schema envelope =
        SchemaBuilder.struct()
            .field("before", rowSchema)
            .field("after", rowSchema)
            .field("op", Schema.STRING_SCHEMA)
            .build();
    Struct x =
        new Struct(envelope).put("after", new Struct(rowSchema).put("id", 1L)).put("op", "x");
    Struct t = new Struct(envelope).put("op", "t");
    Schema message =
        SchemaBuilder.struct()
            .field("op", Schema.STRING_SCHEMA)
            .field("prefix", Schema.STRING_SCHEMA)
            .build();
    Struct m = new Struct(message).put("op", "m").put("prefix", "audit");
    assertThat(write(w, 0, envelope, x)).isEqualTo(BadInput.UNKNOWN_OP.s3.kind());
    assertThat(write(w, 1, envelope, t)).isEqualTo(BadInput.TRUNCATE_OP.s3.kind());
    assertThat(write(w, 2, message, m)).isEqualTo(BadInput.MESSAGE_OP.s3.kind());
    assertThat(text(0)).isEqualTo("{\"before\":null,\"after\":{\"id\":1},\"op\":\"x\"}\n");
    assertThat(text(1)).isEqualTo("{\"before\":null,\"after\":null,\"op\":\"t\"}\n");
  }
}
