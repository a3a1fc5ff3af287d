package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParseJsonTest {

  private static final Schema AFTER =
      SchemaBuilder.struct()
          .optional()
          .field("id", Schema.INT32_SCHEMA)
          .field("attrs", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  private static final Schema SCHEMA =
      SchemaBuilder.struct()
          .name("env")
          .field("after", AFTER)
          .field("op", Schema.STRING_SCHEMA)
          .build();

  private static ParseJson<SinkRecord> value(String... kv) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    ParseJson<SinkRecord> t = new ParseJson.Value<>();
    t.configure(props);
    return t;
  }

  private static SinkRecord rec(String json) {
    Struct v =
        new Struct(SCHEMA)
            .put("after", new Struct(AFTER).put("id", 1).put("attrs", json))
            .put("op", "c");
    return new SinkRecord("t", 4, null, null, SCHEMA, v, 99L);
  }

  private static SinkRecord schemaless(Object json) {
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("id", 1);
    after.put("attrs", json);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("after", after);
    return new SinkRecord("t", 4, null, null, null, v, 99L);
  }

  @Test
  void nestedFieldBecomesStructWithInferredSchema() {
    SinkRecord out =
        value("field", "after.attrs")
            .apply(
                rec(
                    "{\"color\":\"red\",\"size\":42,\"price\":9.5,\"ok\":true,\"none\":null,"
                        + "\"tags\":[\"a\",\"b\"],\"dims\":{\"w\":1,\"h\":2.5},\"mixed\":[1,{\"x\":1}],\"nums\":[1,2.5]}"));
    Struct attrs = (Struct) ((Struct) out.value()).get("after");
    attrs = (Struct) attrs.get("attrs");
    Schema s = attrs.schema();
    assertThat(s.fields())
        .extracting(f -> f.name())
        .containsExactly("color", "size", "price", "ok", "none", "tags", "dims", "mixed", "nums");
    assertThat(s.field("size").schema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
    assertThat(s.field("price").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
    assertThat(attrs.get("color")).isEqualTo("red");
    assertThat(attrs.get("size")).isEqualTo(42L);
    assertThat(attrs.get("price")).isEqualTo(9.5);
    assertThat(attrs.get("ok")).isEqualTo(true);
    assertThat(attrs.get("none")).isNull();
    assertThat(attrs.get("tags")).isEqualTo(List.of("a", "b"));
    assertThat(((Struct) attrs.get("dims")).get("h")).isEqualTo(2.5);
    assertThat(attrs.get("mixed")).isEqualTo(List.of("1", "{\"x\":1}"));
    assertThat(attrs.get("nums")).isEqualTo(List.of(1.0, 2.5));
    assertThat(out.valueSchema().field("after").schema().field("attrs").schema()).isEqualTo(s);
    assertThat(out.valueSchema().name()).isEqualTo("env");
    assertThat(((Struct) out.value()).get("op")).isEqualTo("c");
  }

  @Test
  void arrayOfObjectsMergesFields() {
    SinkRecord out =
        value("field", "after.attrs")
            .apply(rec("{\"items\":[{\"a\":1},{\"b\":\"x\"},{\"a\":2.5}]}"));
    Struct attrs = (Struct) ((Struct) ((Struct) out.value()).get("after")).get("attrs");
    @SuppressWarnings("unchecked")
    List<Struct> items = (List<Struct>) attrs.get("items");
    assertThat(items.get(0).schema().fields()).extracting(f -> f.name()).containsExactly("a", "b");
    assertThat(items.get(0).get("a")).isEqualTo(1.0);
    assertThat(items.get(1).get("b")).isEqualTo("x");
  }

  @Test
  void sameShapeReusesOutputSchema() {
    ParseJson<SinkRecord> t = value("field", "after.attrs");
    Schema s1 = t.apply(rec("{\"a\":1}")).valueSchema();
    Schema s2 = t.apply(rec("{\"a\":2}")).valueSchema();
    Schema s3 = t.apply(rec("{\"a\":\"x\"}")).valueSchema();
    assertThat(s2).isSameAs(s1);
    assertThat(s3).isNotEqualTo(s1);
  }

  @Test
  void mapTargetWithSchema() {
    SinkRecord out =
        value("field", "after.attrs", "target", "map")
            .apply(rec("{\"a\":\"x\",\"b\":1,\"c\":{\"d\":[true]},\"e\":null}"));
    Object attrs = ((Struct) ((Struct) out.value()).get("after")).get("attrs");
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("a", "x");
    expected.put("b", "1");
    expected.put("c", "{\"d\":[true]}");
    expected.put("e", null);
    assertThat(attrs).isEqualTo(expected);
    assertThat(out.valueSchema().field("after").schema().field("attrs").schema().type())
        .isEqualTo(Schema.Type.MAP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":", "not json", "[1,2]", "{\"a\":1} trailing"})
  void invalidJsonFailsWithPathAndLocation(String bad) {
    assertThatThrownBy(() -> value("field", "after.attrs").apply(rec(bad)))
        .isInstanceOf(DataException.class)
        .hasMessageStartingWith("ParseJson$Value: field 'after.attrs': ")
        .hasMessageEndingWith("(topic=t partition=4 offset=99)");
  }

  @Test
  void invalidJsonMessageDoesNotEchoTheText() {
    assertThatThrownBy(() -> value("field", "after.attrs").apply(rec("{\"ssn\": 123-45}")))
        .hasMessageNotContaining("123-45")
        .hasMessageContaining("invalid JSON");
    assertThatThrownBy(() -> value("field", "after.attrs").apply(rec("[1]")))
        .hasMessageContaining("expected a JSON object but found an array");
  }

  @Test
  void invalidJsonKeepOrNull() {
    SinkRecord in = rec("oops");
    assertThat(value("field", "after.attrs", "invalid.handling", "keep").apply(in)).isSameAs(in);
    SinkRecord nulled = value("field", "after.attrs", "invalid.handling", "null").apply(in);
    assertThat(((Struct) ((Struct) nulled.value()).get("after")).get("attrs")).isNull();
    assertThat(((Struct) ((Struct) nulled.value()).get("after")).get("id")).isEqualTo(1);
  }

  @Test
  void nullAbsentAndJsonNullLeaveRecordUnchanged() {
    SinkRecord nullField = rec(null);
    assertThat(value("field", "after.attrs").apply(nullField)).isSameAs(nullField);
    SinkRecord jsonNull = rec("null");
    assertThat(value("field", "after.attrs").apply(jsonNull)).isSameAs(jsonNull);
    SinkRecord other = rec("{}");
    assertThat(value("field", "after.nothere").apply(other)).isSameAs(other);
    SinkRecord tomb = new SinkRecord("t", 0, null, null, null, null, 0L);
    assertThat(value("field", "x").apply(tomb)).isSameAs(tomb);
  }

  @Test
  void nonStringFieldIsRejected() {
    assertThatThrownBy(() -> value("field", "after.id").apply(rec("{}")))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(
            "field 'after.id': expected a string field holding JSON but found INT32");
    assertThatThrownBy(() -> value("field", "after.id").apply(schemaless("{}")))
        .hasMessageContaining("field 'after.id': expected a JSON string but found Integer");
  }

  @Test
  void schemalessParsesIntoMaps() {
    SinkRecord in = schemaless("{\"a\":[1,{\"b\":null}]}");
    SinkRecord out = value("field", "after.attrs").apply(in);
    @SuppressWarnings("unchecked")
    Map<String, Object> after =
        (Map<String, Object>) ((Map<String, Object>) out.value()).get("after");
    Map<String, Object> inner = new HashMap<>();
    inner.put("b", null);
    assertThat(after.get("attrs")).isEqualTo(Map.of("a", List.of(1L, inner)));
    assertThat(((Map<?, ?>) ((Map<?, ?>) in.value()).get("after")).get("attrs"))
        .isInstanceOf(String.class);
    SinkRecord kept =
        value("field", "after.attrs", "invalid.handling", "keep").apply(schemaless("{"));
    assertThat(((Map<?, ?>) ((Map<?, ?>) kept.value()).get("after")).get("attrs")).isEqualTo("{");
    SinkRecord nulled =
        value("field", "after.attrs", "invalid.handling", "null").apply(schemaless("{"));
    assertThat(((Map<?, ?>) ((Map<?, ?>) nulled.value()).get("after")).get("attrs")).isNull();
  }

  @Test
  void bigIntegersBecomeDoubles() {
    SinkRecord out =
        value("field", "after.attrs").apply(rec("{\"n\":123456789012345678901234567890}"));
    Struct attrs = (Struct) ((Struct) ((Struct) out.value()).get("after")).get("attrs");
    assertThat(attrs.get("n")).isEqualTo(1.2345678901234568E29);
  }
}
