package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.smt.types.DebeziumTypes;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimePartitionFieldsTest {

  // 2024-02-29T23:30:00Z: in Asia/Kolkata (+05:30) it is already 2024-03-01 05:00.
  private static final long MILLIS = 1_709_249_400_000L;

  private static final Schema META =
      SchemaBuilder.struct()
          .optional()
          .field("ts", Timestamp.builder().optional().build())
          .field(
              "micros",
              SchemaBuilder.int64().name(DebeziumTypes.MICRO_TIMESTAMP).optional().build())
          .build();
  private static final Schema SCHEMA =
      SchemaBuilder.struct()
          .name("row")
          .field("id", Schema.INT32_SCHEMA)
          .field("meta", META)
          .build();

  private static TimePartitionFields<SinkRecord> transform(String... kv) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    TimePartitionFields<SinkRecord> t = new TimePartitionFields<>();
    t.configure(props);
    return t;
  }

  private static SinkRecord rec(Schema s, Object v, Long ts) {
    return new SinkRecord("t", 0, null, null, s, v, 3L, ts, TimestampType.CREATE_TIME);
  }

  private static Struct struct() {
    return new Struct(SCHEMA)
        .put("id", 1)
        .put("meta", new Struct(META).put("ts", new Date(MILLIS)).put("micros", MILLIS * 1000));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void fromRecordTimestampInZone(boolean withSchema) {
    Object value = withSchema ? struct() : new LinkedHashMap<>(Map.of("id", 1));
    SinkRecord out =
        transform("timezone", "Asia/Kolkata").apply(rec(withSchema ? SCHEMA : null, value, MILLIS));
    if (withSchema) {
      Struct v = (Struct) out.value();
      assertThat(v.get("dt")).isEqualTo("2024-03-01");
      assertThat(v.get("hr")).isEqualTo("05");
      assertThat(out.valueSchema().field("dt").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
      assertThat(out.valueSchema().name()).isEqualTo("row");
    } else {
      assertThat(out.value()).isEqualTo(Map.of("id", 1, "dt", "2024-03-01", "hr", "05"));
      assertThat(value).isEqualTo(Map.of("id", 1));
    }
  }

  @Test
  void fromNestedTimestampFieldsOfSeveralTypes() {
    SinkRecord in = rec(SCHEMA, struct(), null);
    assertThat(
            ((Struct)
                    transform("timestamp.source", "field", "timestamp.field", "meta.ts")
                        .apply(in)
                        .value())
                .get("dt"))
        .isEqualTo("2024-02-29");
    assertThat(
            ((Struct)
                    transform("timestamp.source", "field", "timestamp.field", "meta.micros")
                        .apply(in)
                        .value())
                .get("hr"))
        .isEqualTo("23");
    Map<String, Object> m =
        new HashMap<>(Map.of("at", "2024-02-29T23:30:00+01:00", "secs", MILLIS / 1000));
    SinkRecord schemaless = rec(null, m, null);
    assertThat(
            ((Map<?, ?>)
                    transform("timestamp.source", "field", "timestamp.field", "at")
                        .apply(schemaless)
                        .value())
                .get("hr"))
        .isEqualTo("22");
    assertThat(
            ((Map<?, ?>)
                    transform(
                            "timestamp.source",
                            "field",
                            "timestamp.field",
                            "secs",
                            "timestamp.field.unit",
                            "seconds")
                        .apply(schemaless)
                        .value())
                .get("hr"))
        .isEqualTo("23");
  }

  @Test
  void customNamesAndFormats() {
    SinkRecord out =
        transform("date.field", "day", "date.format", "yyyyMMdd", "hour.field", "")
            .apply(rec(null, Map.of("id", 1), MILLIS));
    assertThat(out.value()).isEqualTo(Map.of("id", 1, "day", "20240229"));
  }

  @Test
  void missingTimestamp() {
    SinkRecord in = rec(null, Map.of("id", 1), null);
    assertThatThrownBy(() -> transform().apply(in))
        .isInstanceOf(DataException.class)
        .hasMessage(
            "TimePartitionFields: record timestamp is null or absent; set missing.handling=null to add null "
                + "partitions (topic=t partition=0 offset=3)");
    Map<String, Object> expected = new HashMap<>();
    expected.put("id", 1);
    expected.put("dt", null);
    expected.put("hr", null);
    assertThat(transform("missing.handling", "null").apply(in).value()).isEqualTo(expected);
  }

  @Test
  void badInput() {
    assertThatThrownBy(
            () ->
                transform("timestamp.source", "field", "timestamp.field", "id")
                    .apply(rec(null, Map.of("id", "yesterday"), null)))
        .hasMessageContaining("field 'id': 'yesterday' is not an ISO-8601 timestamp");
    assertThatThrownBy(
            () ->
                transform("timestamp.source", "field", "timestamp.field", "id")
                    .apply(rec(null, Map.of("id", true), null)))
        .hasMessageContaining(
            "field 'id': expected a timestamp, an integer or an ISO-8601 string but found Boolean");
    assertThatThrownBy(() -> transform().apply(rec(null, Map.of("dt", "x"), MILLIS)))
        .hasMessageContaining("field 'dt' already exists");
    Schema s = SchemaBuilder.struct().field("hr", Schema.INT32_SCHEMA).build();
    assertThatThrownBy(() -> transform().apply(rec(s, new Struct(s).put("hr", 1), MILLIS)))
        .hasMessageContaining("field 'hr' already exists");
    assertThatThrownBy(() -> transform().apply(rec(Schema.STRING_SCHEMA, "text", MILLIS)))
        .hasMessageContaining("expected a struct or map value but found String");
  }

  @Test
  void configErrors() {
    assertThatThrownBy(() -> transform("timestamp.source", "field"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("timestamp.field");
    assertThatThrownBy(() -> transform("date.field", "", "hour.field", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("date.field");
    assertThatThrownBy(() -> transform("timezone", "Nowhere/City"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("timezone");
    assertThatThrownBy(() -> transform("date.field", "a.b"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must not contain dots");
  }
}
