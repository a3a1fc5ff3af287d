package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

/**
 * An explicit NULL in a MySQL column that has a DEFAULT stays NULL through every transform.
 * Debezium puts the column DEFAULT into the field schema, and {@code Struct.get} returns that
 * default for a null value: reading a row with it turns NULL into the default.
 */
class NullIsNotTheDefaultTest {

  private static Schema optionalWithDefault(Schema base, Object value) {
    return SchemaBuilder.type(base.type()).optional().defaultValue(value).build();
  }

  /** A MySQL row: {@code note VARCHAR DEFAULT 'n/a'}, {@code qty INT DEFAULT 7}, ... */
  static final Schema ROW =
      SchemaBuilder.struct()
          .name("mysql.shop.items.Value")
          .field("id", Schema.INT32_SCHEMA)
          .field("note", optionalWithDefault(Schema.STRING_SCHEMA, "n/a"))
          .field("qty", optionalWithDefault(Schema.INT32_SCHEMA, 7))
          .field("email", optionalWithDefault(Schema.STRING_SCHEMA, "x@example.com"))
          .field("attrs", optionalWithDefault(Schema.STRING_SCHEMA, "{\"a\":1}"))
          .field(
              "day",
              SchemaBuilder.int32()
                  .name("io.debezium.time.Date")
                  .optional()
                  .defaultValue(0)
                  .build())
          .field("CamelCase", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  private static Struct nulls() {
    return new Struct(ROW).put("id", 1);
  }

  private static SinkRecord flat() {
    return new SinkRecord("items", 0, null, null, ROW, nulls(), 3, 1_700_000_000_000L, null);
  }

  private static <T extends Transformation<SinkRecord>> Struct apply(T t, Map<String, ?> config) {
    return apply(t, config, flat());
  }

  private static <T extends Transformation<SinkRecord>> Struct apply(
      T t, Map<String, ?> config, SinkRecord record) {
    t.configure(config);
    try {
      return (Struct) t.apply(record).value();
    } finally {
      t.close();
    }
  }

  private static void assertNulls(Struct out, String... fields) {
    for (String f : fields) {
      assertThat(out.getWithoutDefault(f)).as(f).isNull();
    }
  }

  @Test
  void cdcUnwrap() {
    SchemaBuilder b = SchemaBuilder.struct().name(ROW.name()).optional();
    ROW.fields().forEach(f -> b.field(f.name(), f.schema()));
    Schema row = b.build();
    Schema envelope =
        SchemaBuilder.struct()
            .name("mysql.shop.items.Envelope")
            .field("before", row)
            .field("after", row)
            .field("source", Fixtures.SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();
    Struct afterRow = new Struct(row).put("id", 1);
    Struct value =
        new Struct(envelope)
            .put("after", afterRow)
            .put("source", Fixtures.source("mysql-bin.000003", 4, 0, null))
            .put("op", "c");
    SinkRecord record = new SinkRecord("items", 0, null, null, envelope, value, 3);
    Struct out = apply(new CdcUnwrap<>(), Map.of(), record);
    assertNulls(out, "note", "qty", "email", "attrs", "day");
  }

  @Test
  void normalizeTypes() {
    assertNulls(
        apply(new NormalizeTypes.Value<>(), Map.of()), "note", "qty", "email", "attrs", "day");
  }

  @Test
  void normalizeIdentifiers() {
    Struct out = apply(new NormalizeIdentifiers.Value<>(), Map.of("target", "redshift"));
    assertThat(out.schema().field("camelcase")).isNotNull();
    assertNulls(out, "note", "qty", "email", "attrs", "day");
  }

  @Test
  void hashFields() {
    Map<String, String> config = new HashMap<>();
    config.put("fields", "email");
    config.put("hmac.key", "0123456789abcdef0123456789abcdef");
    assertNulls(apply(new HashFields.Value<>(), config), "note", "qty", "email", "attrs", "day");
  }

  @Test
  void redactFields() {
    assertNulls(
        apply(new RedactFields.Value<>(), Map.of("fields", "email")),
        "note",
        "qty",
        "attrs",
        "day");
  }

  @Test
  void parseJson() {
    assertNulls(
        apply(new ParseJson.Value<>(), Map.of("field", "attrs")),
        "note",
        "qty",
        "email",
        "attrs",
        "day");
  }

  @Test
  void timePartitionFields() {
    Struct out = apply(new TimePartitionFields<>(), Map.of("timestamp.source", "record"));
    assertThat(out.schema().field("dt")).isNotNull();
    assertNulls(out, "note", "qty", "email", "attrs", "day");
  }

  @Test
  void fieldValueMatchesSeesNullNotTheDefault() {
    FieldValueMatches.Value<SinkRecord> p = new FieldValueMatches.Value<>();
    p.configure(Map.of("field", "note", "value", "n/a"));
    assertThat(p.test(flat())).isFalse();
    p.close();
  }

  @Test
  void aRequiredFieldThatWasNeverSetStillReadsAsItsDefault() {
    Schema s =
        SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("n", SchemaBuilder.int32().defaultValue(5).build())
            .field("x", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    SinkRecord r = new SinkRecord("t", 0, null, null, s, new Struct(s).put("id", 1), 0, 0L, null);
    Struct out = apply(new TimePartitionFields<>(), Map.of("timestamp.source", "record"), r);
    assertThat(out.get("n")).isEqualTo(5);
  }
}
