package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.smt.types.DebeziumTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class NormalizeTypesTest {

  private static final Schema VSD =
      SchemaBuilder.struct()
          .name(DebeziumTypes.VARIABLE_SCALE_DECIMAL)
          .optional()
          .field("scale", Schema.INT32_SCHEMA)
          .field("value", Schema.BYTES_SCHEMA)
          .build();
  private static final Schema GEOMETRY =
      SchemaBuilder.struct()
          .name(DebeziumTypes.GEOMETRY)
          .optional()
          .field("wkb", Schema.BYTES_SCHEMA)
          .field("srid", Schema.OPTIONAL_INT32_SCHEMA)
          .build();
  private static final Schema POINT =
      SchemaBuilder.struct()
          .name(DebeziumTypes.POINT)
          .optional()
          .field("x", Schema.FLOAT64_SCHEMA)
          .field("y", Schema.FLOAT64_SCHEMA)
          .field("wkb", Schema.OPTIONAL_BYTES_SCHEMA)
          .field("srid", Schema.OPTIONAL_INT32_SCHEMA)
          .build();

  private static final Schema ROW =
      SchemaBuilder.struct()
          .name("db.t.Value")
          .field("d", SchemaBuilder.int32().name(DebeziumTypes.DATE).build())
          .field("t", SchemaBuilder.int32().name(DebeziumTypes.TIME).optional().build())
          .field("mt", SchemaBuilder.int64().name(DebeziumTypes.MICRO_TIME).optional().build())
          .field("ts", SchemaBuilder.int64().name(DebeziumTypes.TIMESTAMP).optional().build())
          .field(
              "mts", SchemaBuilder.int64().name(DebeziumTypes.MICRO_TIMESTAMP).optional().build())
          .field("nts", SchemaBuilder.int64().name(DebeziumTypes.NANO_TIMESTAMP).optional().build())
          .field(
              "zts", SchemaBuilder.string().name(DebeziumTypes.ZONED_TIMESTAMP).optional().build())
          .field("y", SchemaBuilder.int32().name(DebeziumTypes.YEAR).optional().build())
          .field("vsd", VSD)
          .field("dec", Decimal.builder(2).optional().build())
          .field("j", SchemaBuilder.string().name(DebeziumTypes.JSON).optional().build())
          .field(
              "e",
              SchemaBuilder.string()
                  .name(DebeziumTypes.ENUM)
                  .parameter("allowed", "a,b")
                  .optional()
                  .build())
          .field(
              "s",
              SchemaBuilder.string()
                  .name(DebeziumTypes.ENUM_SET)
                  .parameter("allowed", "x,y,z")
                  .optional()
                  .build())
          .field(
              "b",
              SchemaBuilder.bytes()
                  .name(DebeziumTypes.BITS)
                  .parameter("length", "12")
                  .optional()
                  .build())
          .field("g", GEOMETRY)
          .field("p", POINT)
          .field("plain", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  // 2024-02-29 = day 19782; 13:14:15.123456
  private static final long MICROS_OF_DAY = ((13 * 3600 + 14 * 60 + 15) * 1_000_000L) + 123_456L;
  private static final long EPOCH_MILLIS = 1_709_212_455_123L; // 2024-02-29T13:14:15.123Z

  private static Struct row() {
    return new Struct(ROW)
        .put("d", 19782)
        .put("t", (int) (MICROS_OF_DAY / 1000))
        .put("mt", MICROS_OF_DAY)
        .put("ts", EPOCH_MILLIS)
        .put("mts", EPOCH_MILLIS * 1000 + 456)
        .put("nts", EPOCH_MILLIS * 1_000_000 + 456_789)
        .put("zts", "2024-02-29T14:14:15.123456+01:00")
        .put("y", 2024)
        .put(
            "vsd",
            new Struct(VSD).put("scale", 3).put("value", new BigInteger("-123456").toByteArray()))
        .put("dec", new BigDecimal("12.50"))
        .put("j", "{\"a\":1}")
        .put("e", "a")
        .put("s", "x,z")
        .put("b", new byte[] {0x05, 0x0A}) // little-endian 0x0A05
        .put(
            "g",
            new Struct(GEOMETRY)
                .put("wkb", io.tidemark.connect.smt.types.Wkb.point(1.5, -2))
                .put("srid", 4326))
        .put("p", new Struct(POINT).put("x", 3.0).put("y", 4.0))
        .put("plain", "unchanged");
  }

  private static NormalizeTypes<SinkRecord> value(String... kv) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    NormalizeTypes<SinkRecord> t = new NormalizeTypes.Value<>();
    t.configure(props);
    return t;
  }

  private static Struct apply(NormalizeTypes<SinkRecord> t, Struct value) {
    return (Struct) t.apply(new SinkRecord("t", 0, null, null, value.schema(), value, 5L)).value();
  }

  @Test
  void defaultsGiveStandardLogicalTypes() {
    Struct out = apply(value(), row());
    Schema s = out.schema();
    assertThat(s.field("d").schema().name())
        .isEqualTo(org.apache.kafka.connect.data.Date.LOGICAL_NAME);
    assertThat(s.field("d").schema().isOptional()).isFalse();
    assertThat(s.field("t").schema().name()).isEqualTo(Time.LOGICAL_NAME);
    assertThat(s.field("t").schema().isOptional()).isTrue();
    assertThat(s.field("ts").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
    assertThat(out.get("d")).isEqualTo(new Date(19782L * 86_400_000L));
    assertThat(out.get("t")).isEqualTo(new Date(MICROS_OF_DAY / 1000));
    assertThat(out.get("mt")).isEqualTo(new Date(MICROS_OF_DAY / 1000));
    assertThat(out.get("ts")).isEqualTo(new Date(EPOCH_MILLIS));
    assertThat(out.get("mts")).isEqualTo(new Date(EPOCH_MILLIS));
    assertThat(out.get("nts")).isEqualTo(new Date(EPOCH_MILLIS));
    assertThat(out.get("zts")).isEqualTo(new Date(EPOCH_MILLIS));
    assertThat(s.field("y").schema().name()).isNull();
    assertThat(out.get("y")).isEqualTo(2024);
    assertThat(out.get("vsd")).isEqualTo("-123.456");
    assertThat(out.get("dec")).isEqualTo(new BigDecimal("12.50"));
    assertThat(s.field("j").schema().name()).isNull();
    assertThat(out.get("j")).isEqualTo("{\"a\":1}");
    assertThat(s.field("e").schema().name()).isNull();
    assertThat(out.get("s")).isEqualTo(List.of("x", "z"));
    assertThat(out.get("b")).isEqualTo(0x0A05L);
    assertThat(out.get("g")).isEqualTo(io.tidemark.connect.smt.types.Wkb.point(1.5, -2));
    assertThat(out.get("p")).isEqualTo(io.tidemark.connect.smt.types.Wkb.point(3, 4));
    assertThat(out.get("plain")).isEqualTo("unchanged");
    assertThat(s.field("plain").schema()).isSameAs(ROW.field("plain").schema());
  }

  @Test
  void stringTargetsUseConfiguredZoneAndFormat() {
    NormalizeTypes<SinkRecord> t =
        value(
            "date.target",
            "string",
            "time.target",
            "string",
            "timestamp.target",
            "string",
            "zoned.timestamp.target",
            "string",
            "year.target",
            "string",
            "string.timezone",
            "Asia/Kolkata",
            "bits.target",
            "string",
            "geometry.target",
            "wkt",
            "set.target",
            "string",
            "decimal.target",
            "string");
    Struct out = apply(t, row());
    assertThat(out.get("d")).isEqualTo("2024-02-29");
    assertThat(out.get("t")).isEqualTo("13:14:15.123000");
    assertThat(out.get("mt")).isEqualTo("13:14:15.123456");
    assertThat(out.get("ts")).isEqualTo("2024-02-29 18:44:15.123000");
    assertThat(out.get("mts")).isEqualTo("2024-02-29 18:44:15.123456");
    assertThat(out.get("nts")).isEqualTo("2024-02-29 18:44:15.123456");
    assertThat(out.get("zts")).isEqualTo("2024-02-29 18:44:15.123456");
    assertThat(out.get("y")).isEqualTo("2024");
    assertThat(out.get("b")).isEqualTo("101000000101");
    assertThat(out.get("g")).isEqualTo("POINT (1.5 -2)");
    assertThat(out.get("p")).isEqualTo("POINT (3 4)");
    assertThat(out.get("s")).isEqualTo("x,z");
    assertThat(out.get("dec")).isEqualTo("12.50");
  }

  @Test
  void mysqlTimeDurationsOutsideOneDay() {
    // Found on the real pipeline (SmtPipelineIT): MySQL TIME '838:59:59' and '-12:30:00' arrive as
    // MicroTime
    // 3_020_399_000_000 and -45_000_000_000; they used to be wrapped into "22:59:59" / "11:30:00".
    Schema schema =
        SchemaBuilder.struct()
            .field("mt", SchemaBuilder.int64().name(DebeziumTypes.MICRO_TIME).optional().build())
            .field("t", SchemaBuilder.int32().name(DebeziumTypes.TIME).optional().build())
            .field("nt", SchemaBuilder.int64().name(DebeziumTypes.NANO_TIME).optional().build())
            .build();
    Struct durations =
        new Struct(schema)
            .put("mt", 3_020_399_000_000L)
            .put("t", -45_000_500)
            .put("nt", -1_500_000_000L);
    Struct strings = apply(value("time.target", "string"), durations);
    assertThat(strings.get("mt")).isEqualTo("838:59:59.000000");
    assertThat(strings.get("t")).isEqualTo("-12:30:00.500000");
    assertThat(strings.get("nt")).isEqualTo("-00:00:01.500000");

    Struct edges =
        new Struct(schema).put("mt", 86_399_999_999L).put("t", 0).put("nt", 100_000_123_000L);
    Struct edgeStrings = apply(value("time.target", "string"), edges);
    assertThat(edgeStrings.get("mt")).isEqualTo("23:59:59.999999");
    assertThat(edgeStrings.get("t")).isEqualTo("00:00:00.000000");
    assertThat(edgeStrings.get("nt")).isEqualTo("00:01:40.000123");
    Struct edgeLogical = apply(value(), edges);
    assertThat(edgeLogical.get("mt")).isEqualTo(new Date(86_399_999L));
    assertThat(edgeLogical.get("t")).isEqualTo(new Date(0L));

    // A Connect Time cannot hold them: a DataException naming the field, never a wrapped time of
    // day.
    for (String field : List.of("mt", "t", "nt")) {
      Struct one =
          new Struct(schema)
              .put(
                  field,
                  field.equals("t")
                      ? (Object) 86_400_000
                      : (Object) (field.equals("mt") ? 86_400_000_000L : -1L));
      assertThatThrownBy(() -> apply(value(), one))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("field '" + field + "'")
          .hasMessageContaining("time.target=string");
    }
  }

  @Test
  void datetimeIsReadInSourceZone() {
    // MySQL DATETIME 2024-02-29 13:14:15.123 written in Berlin (UTC+1) is 12:14:15.123Z.
    Struct out = apply(value("datetime.source.timezone", "Europe/Berlin"), row());
    assertThat(out.get("ts")).isEqualTo(new Date(EPOCH_MILLIS - 3_600_000L));
    // Zoned timestamps carry their own offset and are not affected.
    assertThat(out.get("zts")).isEqualTo(new Date(EPOCH_MILLIS));
  }

  @Test
  void keepLeavesSchemaUntouched() {
    NormalizeTypes<SinkRecord> t =
        value(
            "date.target",
            "keep",
            "time.target",
            "keep",
            "timestamp.target",
            "keep",
            "zoned.timestamp.target",
            "keep",
            "year.target",
            "keep",
            "variable.scale.decimal.target",
            "keep",
            "json.target",
            "keep",
            "enum.target",
            "keep",
            "set.target",
            "keep",
            "bits.target",
            "keep",
            "geometry.target",
            "keep");
    Struct in = row();
    SinkRecord rec = new SinkRecord("t", 0, null, null, ROW, in, 5L);
    assertThat(t.apply(rec)).isSameAs(rec);
  }

  @Test
  void nullsStayNullAndNestedFieldsAreConverted() {
    Schema inner =
        SchemaBuilder.struct()
            .optional()
            .field(
                "when",
                SchemaBuilder.int64().name(DebeziumTypes.MICRO_TIMESTAMP).optional().build())
            .build();
    Schema outer =
        SchemaBuilder.struct()
            .field("inner", inner)
            .field(
                "list",
                SchemaBuilder.array(SchemaBuilder.int32().name(DebeziumTypes.DATE).build())
                    .optional()
                    .build())
            .build();
    Struct v =
        new Struct(outer)
            .put("inner", new Struct(inner).put("when", null))
            .put("list", List.of(0, 1));
    Struct out = apply(value(), v);
    assertThat(((Struct) out.get("inner")).get("when")).isNull();
    assertThat(out.schema().field("inner").schema().field("when").schema().name())
        .isEqualTo(Timestamp.LOGICAL_NAME);
    assertThat(out.get("list")).isEqualTo(List.of(new Date(0), new Date(86_400_000L)));
  }

  /** Debezium's bigint.unsigned.handling.mode=precise: a Decimal of scale 0, precision 20. */
  @Test
  void unsignedBigintMaxStaysExact() {
    Schema u = Decimal.builder(0).parameter("connect.decimal.precision", "20").optional().build();
    Schema schema =
        SchemaBuilder.struct()
            .field("u", u)
            .field("d", SchemaBuilder.int32().name(DebeziumTypes.DATE).build())
            .build();
    Struct row = new Struct(schema).put("u", new BigDecimal("18446744073709551615")).put("d", 1);
    Struct kept = apply(value(), row);
    assertThat(kept.get("u")).isEqualTo(new BigDecimal("18446744073709551615"));
    assertThat(kept.schema().field("u").schema().parameters())
        .containsEntry("connect.decimal.precision", "20")
        .containsEntry(Decimal.SCALE_FIELD, "0");
    assertThat(apply(value("decimal.target", "string"), row).get("u"))
        .isEqualTo("18446744073709551615");
  }

  @Test
  void variableScaleDecimalToFixedDecimal() {
    Struct out =
        apply(
            value("variable.scale.decimal.target", "decimal", "variable.scale.decimal.scale", "4"),
            row());
    assertThat(out.get("vsd")).isEqualTo(new BigDecimal("-123.4560"));
    assertThat(out.schema().field("vsd").schema().parameters())
        .containsEntry(Decimal.SCALE_FIELD, "4");
    assertThatThrownBy(
            () ->
                apply(
                    value(
                        "variable.scale.decimal.target",
                        "decimal",
                        "variable.scale.decimal.scale",
                        "2"),
                    row()))
        .isInstanceOf(DataException.class)
        .hasMessage(
            "NormalizeTypes$Value: field 'vsd': 3 decimal places do not fit in scale 2 without rounding; "
                + "raise variable.scale.decimal.scale or use the string target (topic=t partition=0 offset=5)");
  }

  @Test
  void invalidZonedTimestampIsReportedWithPath() {
    Struct v = row().put("zts", "yesterday");
    assertThatThrownBy(() -> apply(value(), v))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(
            "field 'zts': 'yesterday' is not an ISO-8601 timestamp with an offset")
        .hasMessageContaining("offset=5");
  }

  @Test
  void schemalessPassesThrough() {
    SinkRecord rec = new SinkRecord("t", 0, null, null, null, Map.of("d", 19782), 5L);
    assertThat(value().apply(rec)).isSameAs(rec);
  }

  @Test
  void keyVariantConvertsKey() {
    Schema key =
        SchemaBuilder.struct()
            .field("d", SchemaBuilder.int32().name(DebeziumTypes.DATE).build())
            .build();
    NormalizeTypes<SinkRecord> t = new NormalizeTypes.Key<>();
    t.configure(Map.of("date.target", "string"));
    SinkRecord out =
        t.apply(new SinkRecord("t", 0, key, new Struct(key).put("d", 1), null, null, 0L));
    assertThat(((Struct) out.key()).get("d")).isEqualTo("1970-01-02");
    assertThat(out.value()).isNull();
  }

  @Test
  void schemaIsCompiledOnce() {
    NormalizeTypes<SinkRecord> t = value();
    Schema s1 = apply(t, row()).schema();
    Schema s2 = apply(t, row()).schema();
    assertThat(s2).isSameAs(s1);
  }

  @Test
  void defaultValuesAreConverted() {
    Schema s =
        SchemaBuilder.struct()
            .field("d", SchemaBuilder.int32().name(DebeziumTypes.DATE).defaultValue(1).build())
            .build();
    Struct out = apply(value("date.target", "string"), new Struct(s).put("d", 2));
    assertThat(out.schema().field("d").schema().defaultValue()).isEqualTo("1970-01-02");
    assertThat(out.get("d")).isEqualTo("1970-01-03");
  }

  @Test
  void badConfigNamesKey() {
    assertThatThrownBy(() -> value("timestamp.target", "instant"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("timestamp.target")
        .hasMessageContaining("[logical, string, keep]");
    assertThatThrownBy(() -> value("string.timezone", "Mars/Olympus"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("string.timezone");
    assertThatThrownBy(() -> value("timestamp.string.format", "yyyy-MM-dd {{"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("timestamp.string.format");
  }
}
