package io.tidemark.connect.smt;

import static io.tidemark.connect.smt.Fixtures.ENVELOPE;
import static io.tidemark.connect.smt.Fixtures.envelope;
import static io.tidemark.connect.smt.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PredicatesTest {

  private static final Schema INNER =
      SchemaBuilder.struct()
          .optional()
          .field("status", Schema.OPTIONAL_STRING_SCHEMA)
          .field("amount", Decimal.builder(2).optional().build())
          .build();
  private static final Schema SCHEMA =
      SchemaBuilder.struct().field("after", INNER).field("n", Schema.INT32_SCHEMA).build();

  private static FieldValueMatches<SinkRecord> matches(String... kv) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    FieldValueMatches<SinkRecord> p = new FieldValueMatches.Value<>();
    p.configure(props);
    return p;
  }

  private static SinkRecord withSchema(String status) {
    Struct v =
        new Struct(SCHEMA)
            .put(
                "after",
                new Struct(INNER).put("status", status).put("amount", new BigDecimal("10.50")))
            .put("n", 7);
    return new SinkRecord("t", 0, null, null, SCHEMA, v, 0L);
  }

  private static SinkRecord schemaless(String status) {
    Map<String, Object> after = new HashMap<>();
    after.put("status", status);
    after.put("amount", new BigDecimal("10.50"));
    return new SinkRecord("t", 0, null, null, null, Map.of("after", after, "n", 7), 0L);
  }

  @ParameterizedTest
  @CsvSource({
    "equals, SHIPPED, , SHIPPED, true",
    "equals, SHIPPED, , shipped, false",
    "regex, SHIP.*, , SHIPPED, true",
    "regex, HIP, , SHIPPED, false",
    "in, , 'NEW,SHIPPED', SHIPPED, true",
    "in, , 'NEW,PAID', SHIPPED, false",
  })
  void matchesWithAndWithoutSchema(
      String match, String value, String values, String status, boolean expected) {
    Map<String, String> props = new HashMap<>(Map.of("field", "after.status", "match", match));
    if (value != null) {
      props.put("value", value);
    }
    if (values != null) {
      props.put("values", values);
    }
    FieldValueMatches<SinkRecord> p = new FieldValueMatches.Value<>();
    p.configure(props);
    assertThat(p.test(withSchema(status))).isEqualTo(expected);
    assertThat(p.test(schemaless(status))).isEqualTo(expected);
  }

  @Test
  void numbersAndDecimalsCompareAsText() {
    assertThat(matches("field", "n", "value", "7").test(withSchema("x"))).isTrue();
    assertThat(matches("field", "after.amount", "value", "10.50").test(withSchema("x"))).isTrue();
    assertThat(matches("field", "after.amount", "value", "10.5").test(schemaless("x"))).isFalse();
  }

  @Test
  void nullAbsentAndTombstoneNeverMatch() {
    assertThat(
            matches("field", "after.status", "match", "regex", "value", ".*")
                .test(withSchema(null)))
        .isFalse();
    assertThat(
            matches("field", "after.nope", "match", "regex", "value", ".*").test(withSchema("x")))
        .isFalse();
    assertThat(
            matches("field", "after.status", "value", "x")
                .test(new SinkRecord("t", 0, null, null, null, null, 0L)))
        .isFalse();
  }

  @Test
  void keyVariant() {
    FieldValueMatches<SinkRecord> p = new FieldValueMatches.Key<>();
    p.configure(Map.of("field", "region", "value", "eu"));
    assertThat(
            p.test(
                new SinkRecord(
                    "t", 0, null, Map.of("region", "eu"), null, Map.of("region", "us"), 0L)))
        .isTrue();
  }

  @Test
  void structFieldIsReported() {
    assertThatThrownBy(() -> matches("field", "after", "value", "x").test(withSchema("x")))
        .isInstanceOf(DataException.class)
        .hasMessage(
            "FieldValueMatches: field 'after': cannot compare a struct with a string (topic=t partition=0 offset=0)");
  }

  @Test
  void configErrors() {
    assertThatThrownBy(() -> matches("field", "a"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("value");
    assertThatThrownBy(() -> matches("field", "a", "match", "in"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("values");
    assertThatThrownBy(() -> matches("field", "a", "match", "regex", "value", "("))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("value")
        .hasMessageContaining("regular expression");
    assertThatThrownBy(() -> matches("field", "a", "match", "like", "value", "x"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[equals, regex, in]");
  }

  private static IsDelete<SinkRecord> isDelete(String... kv) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    IsDelete<SinkRecord> p = new IsDelete<>();
    p.configure(props);
    return p;
  }

  @Test
  void isDeleteOnEnvelopes() {
    assertThat(isDelete().test(Fixtures.record(ENVELOPE, envelope("d", row(1, "a"), null))))
        .isTrue();
    assertThat(isDelete().test(Fixtures.record(ENVELOPE, envelope("u", row(1, "a"), row(1, "b")))))
        .isFalse();
    assertThat(
            isDelete()
                .test(
                    Fixtures.schemaless(Fixtures.envelopeMap("d", Fixtures.rowMap(1, "a"), null))))
        .isTrue();
  }

  @Test
  void isDeleteOnTombstonesAndFlattenedRows() {
    SinkRecord tomb = Fixtures.record(null, null);
    assertThat(isDelete().test(tomb)).isTrue();
    assertThat(isDelete("tombstone.matches.enabled", "false").test(tomb)).isFalse();
    assertThat(isDelete().test(Fixtures.schemaless(Map.of("id", 1, "__deleted", "true")))).isTrue();
    assertThat(isDelete().test(Fixtures.schemaless(Map.of("id", 1, "__deleted", false)))).isFalse();
    Schema s =
        SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("gone", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .build();
    SinkRecord flat = Fixtures.record(s, new Struct(s).put("id", 1).put("gone", true));
    assertThat(isDelete("deleted.field", "gone").test(flat)).isTrue();
    assertThat(isDelete().test(flat)).isFalse();
  }

  @Test
  void isDeleteAfterCdcUnwrap() {
    CdcUnwrap<SinkRecord> unwrap = new CdcUnwrap<>();
    unwrap.configure(Map.of());
    SinkRecord flat = unwrap.apply(Fixtures.record(ENVELOPE, envelope("d", row(1, "a"), null)));
    assertThat(isDelete().test(flat)).isTrue();
  }
}
