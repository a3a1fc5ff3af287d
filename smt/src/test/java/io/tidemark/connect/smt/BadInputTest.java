package io.tidemark.connect.smt;

import static io.tidemark.connect.smt.Fixtures.KEY;
import static io.tidemark.connect.smt.Fixtures.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.kit.BadInput;
import io.tidemark.stack.kit.BadInput.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each {@link BadInput} case through the transforms as the shipped sink configs chain them
 * (CdcUnwrap, NormalizeTypes, NormalizeIdentifiers, plus ParseJson and HashFields on a field),
 * asserting the SMT outcome the README table states.
 */
class BadInputTest {

  private static final String VSD = "io.debezium.data.VariableScaleDecimal";
  private final List<Transformation<SinkRecord>> chain = new ArrayList<>();

  @AfterEach
  void close() {
    chain.forEach(Transformation::close);
  }

  private void chain(Map<String, String> normalizeTypes) {
    chain.add(configured(new CdcUnwrap<>(), Map.of()));
    chain.add(configured(new NormalizeTypes.Value<>(), normalizeTypes));
    chain.add(configured(new NormalizeIdentifiers.Value<>(), Map.of("target", "redshift")));
    chain.add(configured(new ParseJson.Value<>(), Map.of("field", "attributes")));
    chain.add(
        configured(
            new HashFields.Value<>(),
            Map.of("fields", "email", "hmac.key", "0123456789abcdef0123")));
  }

  private static <T extends Transformation<SinkRecord>> T configured(
      T t, Map<String, String> props) {
    t.configure(new HashMap<>(props));
    return t;
  }

  /**
   * The outcome kind: DataException = bad record, null = dropped, else passed or converted per
   * {@code same}.
   */
  private Observed run(SinkRecord in) {
    SinkRecord r = in;
    try {
      for (Transformation<SinkRecord> t : chain) {
        r = t.apply(r);
        if (r == null) {
          return new Observed(Kind.DROPPED, null, null);
        }
      }
    } catch (DataException e) {
      return new Observed(Kind.BAD_RECORD, null, e);
    }
    return new Observed(null, r, null);
  }

  private record Observed(Kind kind, SinkRecord out, DataException error) {}

  /**
   * A Debezium create event whose row has one field {@code v} of {@code schema} holding {@code
   * value}.
   */
  private static SinkRecord create(Schema schema, Object value, String op) {
    Schema row =
        SchemaBuilder.struct()
            .name("shop.t.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("v", schema)
            .optional()
            .build();
    Schema envelope =
        SchemaBuilder.struct()
            .name("shop.t.Envelope")
            .field("before", row)
            .field("after", row)
            .field("source", Fixtures.SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();
    Struct after = new Struct(row).put("id", 1).put("v", value);
    Struct env =
        new Struct(envelope)
            .put("after", after)
            .put("op", op)
            .put("source", Fixtures.source("mysql-bin.000003", 154L, 0, "false"));
    return new SinkRecord(TOPIC, 2, KEY, new Struct(KEY).put("id", 1), envelope, env, 42L);
  }

  /** Runs a value through the chain and says whether field {@code v} came out unchanged. */
  private Kind valueOutcome(Schema schema, Object value) {
    Observed o = run(create(schema, value, "c"));
    if (o.kind() != null) {
      return o.kind();
    }
    Object out = ((Struct) o.out().value()).get("v");
    return java.util.Objects.deepEquals(out, value) ? Kind.PASSED : Kind.CONVERTED;
  }

  @Test
  void valueThatIsNotARow() {
    chain(Map.of());
    for (Object value : new Object[] {"just text", 42L, List.of(1L, 2L)}) {
      Schema schema =
          value instanceof String
              ? Schema.STRING_SCHEMA
              : value instanceof Long
                  ? Schema.INT64_SCHEMA
                  : SchemaBuilder.array(Schema.INT64_SCHEMA).build();
      Observed with = run(new SinkRecord(TOPIC, 0, null, null, schema, value, 7L));
      Observed without = run(new SinkRecord(TOPIC, 0, null, null, null, value, 8L));
      assertThat(with.out().value()).isEqualTo(value);
      assertThat(without.out().value()).isEqualTo(value);
    }
    assertThat(Kind.PASSED).isEqualTo(BadInput.VALUE_NOT_A_ROW.smt.kind());
  }

  @Test
  void schemalessRecordsPassNormalizeTypesAndWorkOnMaps() {
    chain(Map.of());
    Map<String, Object> row = new HashMap<>(Fixtures.rowMap(1, "a@b.c"));
    row.put("When", 19_000);
    Observed o = run(Fixtures.schemaless(Fixtures.envelopeMap("c", null, row)));
    @SuppressWarnings("unchecked")
    Map<String, Object> out = (Map<String, Object>) o.out().value();
    assertThat(out)
        .containsEntry("when", 19_000)
        .containsEntry("id", 1); // renamed, value not converted
    assertThat(out.get("email")).isNotEqualTo("a@b.c"); // hashed
    assertThat(Kind.PASSED).isEqualTo(BadInput.SCHEMALESS.smt.kind());
  }

  @Test
  void aFieldThatChangesTypePasses() {
    chain(Map.of());
    assertThat(valueOutcome(Schema.OPTIONAL_INT64_SCHEMA, 5L)).isEqualTo(Kind.PASSED);
    assertThat(valueOutcome(Schema.OPTIONAL_STRING_SCHEMA, "five"))
        .isEqualTo(BadInput.FIELD_TYPE_CHANGED.smt.kind());
  }

  @Test
  void loneSurrogatesNulsAndHugeStringsPassUnchanged() {
    chain(Map.of());
    assertThat(valueOutcome(Schema.OPTIONAL_STRING_SCHEMA, "a\ud800b"))
        .isEqualTo(BadInput.LONE_SURROGATE.smt.kind());
    assertThat(valueOutcome(Schema.OPTIONAL_STRING_SCHEMA, "a\u0000b"))
        .isEqualTo(BadInput.NUL_CHARACTER.smt.kind());
    assertThat(valueOutcome(Schema.OPTIONAL_STRING_SCHEMA, "x".repeat(10 * 1024 * 1024)))
        .isEqualTo(BadInput.HUGE_STRING.smt.kind());
  }

  @Test
  void aHugeJsonDocumentIsParsed() {
    chain(Map.of());
    String doc = "{\"blob\":\"" + "y".repeat(10 * 1024 * 1024) + "\"}";
    Schema row =
        SchemaBuilder.struct()
            .name("shop.t.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("attributes", Schema.OPTIONAL_STRING_SCHEMA)
            .optional()
            .build();
    Schema envelope =
        SchemaBuilder.struct()
            .name("shop.t.Envelope")
            .field("after", row)
            .field("source", Fixtures.SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();
    Struct env =
        new Struct(envelope)
            .put("after", new Struct(row).put("id", 1).put("attributes", doc))
            .put("op", "c")
            .put("source", Fixtures.source("mysql-bin.000003", 154L, 0, "false"));
    Observed o = run(new SinkRecord(TOPIC, 0, null, null, envelope, env, 1L));
    assertThat(((Struct) o.out().value()).getStruct("attributes").getString("blob"))
        .hasSize(10 * 1024 * 1024);
  }

  @Test
  void nanAndInfinityPassUnchanged() {
    chain(Map.of());
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThat(valueOutcome(Schema.OPTIONAL_FLOAT64_SCHEMA, d))
          .isEqualTo(BadInput.NAN_INFINITY.smt.kind());
    }
  }

  @Test
  void decimalsOverPrecision38PassUnchanged() {
    chain(Map.of());
    Schema wide =
        Decimal.builder(2).parameter("connect.decimal.precision", "65").optional().build();
    BigDecimal big =
        new BigDecimal("1234567890123456789012345678901234567890123456789012345678901.23");
    assertThat(valueOutcome(wide, big)).isEqualTo(BadInput.DECIMAL_OVER_38.smt.kind());
  }

  @Test
  void aVariableScaleDecimalThatWouldNeedRoundingIsABadRecord() {
    chain(Map.of("variable.scale.decimal.target", "decimal", "variable.scale.decimal.scale", "2"));
    Schema vsd =
        SchemaBuilder.struct()
            .name(VSD)
            .field("scale", Schema.INT32_SCHEMA)
            .field("value", Schema.BYTES_SCHEMA)
            .optional()
            .build();
    Struct value =
        new Struct(vsd)
            .put("scale", 5)
            .put("value", BigInteger.valueOf(123_456_789L).toByteArray());
    Observed o = run(create(vsd, value, "c"));
    assertThat(o.kind()).isEqualTo(BadInput.NUMBER_TOO_BIG.smt.kind());
    assertThat(o.error()).hasMessageContaining("field 'v'").hasMessageContaining("offset=42");
    chain.forEach(Transformation::close);
    chain.clear();
    chain(Map.of());
    assertThat(valueOutcome(vsd, value))
        .as("the default string target is exact")
        .isEqualTo(Kind.CONVERTED);
  }

  @Test
  void zeroDatesArriveAsNullOrTheEpochAndAreConvertedLikeAnyDate() {
    // What Debezium emits for '0000-00-00' (SmtPipelineIT sees it on a real binlog): null for a
    // nullable column, 0 (the epoch) for a NOT NULL one.
    chain(Map.of());
    Schema date = SchemaBuilder.int32().name("io.debezium.time.Date").version(1).optional().build();
    Observed epoch = run(create(date, 0, "c"));
    assertThat(((Struct) epoch.out().value()).get("v")).isEqualTo(new java.util.Date(0L));
    Observed nul = run(create(date, null, "c"));
    assertThat(((Struct) nul.out().value()).get("v")).isNull();
    assertThat(valueOutcome(date, 0)).isEqualTo(BadInput.ZERO_DATE.smt.kind());
  }

  @Test
  void nullKeysPassUnchanged() {
    chain(Map.of());
    SinkRecord keyless =
        create(Schema.OPTIONAL_STRING_SCHEMA, "x", "c")
            .newRecord(
                TOPIC,
                2,
                null,
                null,
                create(Schema.OPTIONAL_STRING_SCHEMA, "x", "c").valueSchema(),
                create(Schema.OPTIONAL_STRING_SCHEMA, "x", "c").value(),
                null);
    Observed o = run(keyless);
    assertThat(o.out().key()).isNull();
    assertThat(o.out().keySchema()).isNull();
    assertThat(Kind.PASSED).isEqualTo(BadInput.NULL_KEY.smt.kind());
  }

  @Test
  void unknownOperationsAreBadRecordsNamingTheField() {
    chain(Map.of());
    Observed o = run(create(Schema.OPTIONAL_STRING_SCHEMA, "x", "x"));
    assertThat(o.kind()).isEqualTo(BadInput.UNKNOWN_OP.smt.kind());
    assertThat(o.error())
        .hasMessageContaining("field 'op'")
        .hasMessageContaining("topic=" + TOPIC)
        .hasMessageContaining("partition=2")
        .hasMessageContaining("offset=42");
  }

  @Test
  void truncatesFailNamingTheTableAndMessagesPass() {
    chain(Map.of());
    assertThat(run(create(Schema.OPTIONAL_STRING_SCHEMA, "x", "t")).kind())
        .isEqualTo(BadInput.TRUNCATE_OP.smt.kind());
    Schema message =
        SchemaBuilder.struct()
            .name("io.debezium.connector.common.Message")
            .field("op", Schema.STRING_SCHEMA)
            .field(
                "message",
                SchemaBuilder.struct()
                    .field("prefix", Schema.STRING_SCHEMA)
                    .field("content", Schema.OPTIONAL_BYTES_SCHEMA)
                    .build())
            .build();
    Struct m =
        new Struct(message)
            .put("op", "m")
            .put(
                "message",
                new Struct(message.field("message").schema())
                    .put("prefix", "audit")
                    .put("content", new byte[] {1}));
    Observed o = run(new SinkRecord(TOPIC, 0, null, null, message, m, 3L));
    assertThat(o.kind()).isNull();
    assertThat(((Struct) o.out().value()).getString("op")).isEqualTo("m");
    assertThat(Kind.PASSED).isEqualTo(BadInput.MESSAGE_OP.smt.kind());
  }
}
