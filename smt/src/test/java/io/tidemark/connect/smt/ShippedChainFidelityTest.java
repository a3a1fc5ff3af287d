package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.configs.ConnectorConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Second-reader findings: the transform chains of the SHIPPED sink configs (connect-configs)
 * applied to Debezium MySQL change events as the shipped Debezium configs produce them
 * (time.precision.mode=adaptive_time_microseconds: TIME is MicroTime, DATETIME(6) MicroTimestamp,
 * TIMESTAMP(6) a ZonedTimestamp string). Each output is decoded from whatever representation the
 * chain chose (text, micros, or a Connect Time/Timestamp) and compared with MySQL's own value.
 *
 * <p>The aws/, msk/, docker/ and local/ S3 sinks and the aws/ and msk/ Redshift sinks run
 * NormalizeTypes with its defaults (time.target=logical, timestamp.target=logical,
 * zoned.timestamp.target=logical): a MySQL TIME outside one day fails the record (DLQ under the AWS
 * configs' errors.tolerance=all, a failed task under local/docker), deletes included, and TIME(6),
 * DATETIME(6), TIMESTAMP(6) lose their last three digits. local/redshift-sink.json (CdcUnwrap only)
 * keeps all of them, which is what the Redshift README and docs/type-mapping.md describe.
 */
class ShippedChainFidelityTest {

  private static final Schema MICRO_TIME =
      SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build();
  private static final Schema MICRO_TIMESTAMP =
      SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build();
  private static final Schema ZONED_TIMESTAMP =
      SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build();

  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("mysql.shop.items.Value")
          .optional()
          .field("id", Schema.INT32_SCHEMA)
          .field("t", MICRO_TIME)
          .field("dt", MICRO_TIMESTAMP)
          .field("ts", ZONED_TIMESTAMP)
          .build();
  private static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .name("mysql.shop.items.Envelope")
          .field("before", ROW)
          .field("after", ROW)
          .field("source", Fixtures.SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
          .build();
  private static final Schema KEY =
      SchemaBuilder.struct().name("mysql.shop.items.Key").field("id", Schema.INT32_SCHEMA).build();

  /** TIME '838:59:59', MySQL's largest, in microseconds. */
  private static final long TIME_MAX = (838L * 3600 + 59 * 60 + 59) * 1_000_000L;

  /** TIME '-12:30:00'. */
  private static final long TIME_NEGATIVE = -45_000_000_000L;

  /** TIME(6) '12:34:56.123456'. */
  private static final long TIME_MICROS = (12L * 3600 + 34 * 60 + 56) * 1_000_000L + 123_456;

  /** DATETIME(6) '2024-02-29 12:34:56.123456' (Debezium: the wall clock as if UTC). */
  private static final long DATETIME_MICROS =
      LocalDateTime.of(2024, 2, 29, 12, 34, 56, 123_456_000).toEpochSecond(ZoneOffset.UTC)
              * 1_000_000L
          + 123_456;

  /** TIMESTAMP(6) '2024-02-29 12:34:56.123456' in a UTC session. */
  private static final String TIMESTAMP_TEXT = "2024-02-29T12:34:56.123456Z";

  private static List<Transformation<SinkRecord>> chain(String shipped) throws Exception {
    String base = System.getProperty("tidemark.smt.basedir", System.getProperty("user.dir"));
    Map<String, String> config =
        ConnectorConfig.read(Path.of(base).resolveSibling("connect-configs").resolve(shipped))
            .config();
    List<Transformation<SinkRecord>> out = new ArrayList<>();
    for (String name : config.getOrDefault("transforms", "").split(",")) {
      if (name.isBlank()) {
        continue;
      }
      String prefix = "transforms." + name.trim() + ".";
      Map<String, String> props = new HashMap<>();
      config.forEach(
          (k, v) -> {
            if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
              props.put(k.substring(prefix.length()), v);
            }
          });
      @SuppressWarnings("unchecked")
      Transformation<SinkRecord> t =
          (Transformation<SinkRecord>)
              Class.forName(config.get(prefix + "type")).getDeclaredConstructor().newInstance();
      t.configure(props);
      out.add(t);
    }
    return out;
  }

  private static Struct row(Long t, Long dt, String ts) {
    return new Struct(ROW).put("id", 1).put("t", t).put("dt", dt).put("ts", ts);
  }

  private static Struct apply(String shipped, String op, Struct before, Struct after)
      throws Exception {
    Struct envelope =
        new Struct(ENVELOPE)
            .put("before", before)
            .put("after", after)
            .put("source", Fixtures.source("mysql-bin.000003", 154L, 0, "false"))
            .put("op", op)
            .put("ts_ms", 1_700_000_000_500L);
    SinkRecord r =
        new SinkRecord(
            "mysql.shop.items", 0, KEY, new Struct(KEY).put("id", 1), ENVELOPE, envelope, 42L);
    for (Transformation<SinkRecord> t : chain(shipped)) {
      r = t.apply(r);
    }
    return (Struct) r.value();
  }

  // --- Decoders of every representation a chain may choose, back to MySQL's value. ---

  private static final Pattern MYSQL_TIME =
      Pattern.compile("(-?)(\\d+):(\\d\\d):(\\d\\d)\\.(\\d{6})");

  /** A MySQL TIME in microseconds. */
  private static long timeMicros(Struct out, String field) {
    Object v = out.getWithoutDefault(field);
    if (v instanceof String s) {
      Matcher m = MYSQL_TIME.matcher(s);
      assertThat(m.matches()).as("MySQL TIME text: " + s).isTrue();
      long abs =
          ((Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3))) * 60
                      + Long.parseLong(m.group(4)))
                  * 1_000_000L
              + Long.parseLong(m.group(5));
      return m.group(1).isEmpty() ? abs : -abs;
    }
    if (v instanceof java.util.Date d) {
      return d.getTime() * 1000L; // Connect Time: milliseconds of the day
    }
    return ((Number) v).longValue(); // MicroTime kept
  }

  /** Epoch microseconds of an instant (DATETIME read as UTC, as datetime.source.timezone=UTC). */
  private static long instantMicros(Struct out, String field) {
    Object v = out.getWithoutDefault(field);
    if (v instanceof java.util.Date d) {
      return d.getTime() * 1000L;
    }
    if (v instanceof String s) {
      Instant i =
          s.indexOf('T') > 0
              ? OffsetDateTime.parse(s).toInstant()
              : LocalDateTime.parse(s, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"))
                  .toInstant(ZoneOffset.UTC);
      return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
    return ((Number) v).longValue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "local/s3-sink.json",
        "aws/s3-sink.json",
        "msk/s3-sink.json",
        "docker/s3-sink.json",
        "local/redshift-sink.json",
        "aws/redshift-sink.json",
        "msk/redshift-sink.json"
      })
  void mySqlTimeDurationsArriveUnchanged(String shipped) throws Exception {
    Struct negative = apply(shipped, "c", null, row(TIME_NEGATIVE, null, null));
    assertThat(timeMicros(negative, "t")).as("TIME '-12:30:00'").isEqualTo(TIME_NEGATIVE);
    Struct max = apply(shipped, "c", null, row(TIME_MAX, null, null));
    assertThat(timeMicros(max, "t")).as("TIME '838:59:59'").isEqualTo(TIME_MAX);
  }

  /**
   * MySQL: {@code DELETE FROM items WHERE id = 1} of a row whose TIME column holds '838:59:59'. The
   * delete must reach the sink (a flagged row), not the DLQ: the deleted row would live on in S3's
   * merge target and in Redshift.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "local/s3-sink.json",
        "aws/s3-sink.json",
        "msk/s3-sink.json",
        "docker/s3-sink.json",
        "local/redshift-sink.json",
        "aws/redshift-sink.json",
        "msk/redshift-sink.json"
      })
  void aDeleteOfARowWithATimeBeyondOneDayIsNotLost(String shipped) throws Exception {
    Struct out = apply(shipped, "d", row(TIME_MAX, null, null), null);
    assertThat(out.getWithoutDefault("__deleted")).isEqualTo(true);
    assertThat(out.getWithoutDefault("id")).isEqualTo(1);
  }

  /** TIME(6), DATETIME(6) and TIMESTAMP(6) keep all six fractional digits. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "local/s3-sink.json",
        "aws/s3-sink.json",
        "msk/s3-sink.json",
        "docker/s3-sink.json",
        "local/redshift-sink.json",
        "aws/redshift-sink.json",
        "msk/redshift-sink.json"
      })
  void microsecondsSurvive(String shipped) throws Exception {
    Struct out = apply(shipped, "c", null, row(TIME_MICROS, DATETIME_MICROS, TIMESTAMP_TEXT));
    Instant ts = Instant.parse(TIMESTAMP_TEXT);
    SoftAssertions.assertSoftly(
        soft -> {
          soft.assertThat(timeMicros(out, "t"))
              .as("TIME(6) '12:34:56.123456'")
              .isEqualTo(TIME_MICROS);
          soft.assertThat(instantMicros(out, "dt"))
              .as("DATETIME(6) '2024-02-29 12:34:56.123456'")
              .isEqualTo(DATETIME_MICROS);
          soft.assertThat(instantMicros(out, "ts"))
              .as("TIMESTAMP(6) '2024-02-29 12:34:56.123456' UTC")
              .isEqualTo(ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1000);
        });
  }
}
