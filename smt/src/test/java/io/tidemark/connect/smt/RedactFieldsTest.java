package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RedactFieldsTest {

  private static final Schema CARD =
      SchemaBuilder.struct()
          .optional()
          .field("number", Schema.STRING_SCHEMA)
          .field("cvv", Schema.INT32_SCHEMA)
          .build();
  private static final Schema SCHEMA =
      SchemaBuilder.struct()
          .field("ssn", Schema.STRING_SCHEMA)
          .field("salary", Schema.OPTIONAL_INT64_SCHEMA)
          .field("card", CARD)
          .field("notes", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  private static RedactFields<SinkRecord> value(String... kv) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    RedactFields<SinkRecord> t = new RedactFields.Value<>();
    t.configure(props);
    return t;
  }

  private static Struct struct() {
    return new Struct(SCHEMA)
        .put("ssn", "123-45-6789")
        .put("salary", 100_000L)
        .put("card", new Struct(CARD).put("number", "4111").put("cvv", 123))
        .put("notes", null);
  }

  @Test
  void replaceTurnsFieldsIntoStrings() {
    SinkRecord out =
        value("fields", "ssn,salary,card.cvv,notes")
            .apply(new SinkRecord("t", 0, null, null, SCHEMA, struct(), 1L));
    Struct v = (Struct) out.value();
    assertThat(v.get("ssn")).isEqualTo("****");
    assertThat(v.get("salary")).isEqualTo("****");
    assertThat(out.valueSchema().field("salary").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    assertThat(out.valueSchema().field("ssn").schema()).isEqualTo(Schema.STRING_SCHEMA);
    assertThat(((Struct) v.get("card")).get("cvv")).isEqualTo("****");
    assertThat(((Struct) v.get("card")).get("number")).isEqualTo("4111");
    assertThat(v.get("notes")).isNull();
  }

  @Test
  void wholeStructCanBeRedacted() {
    SinkRecord out =
        value("fields", "card", "replacement", "[redacted]")
            .apply(new SinkRecord("t", 0, null, null, SCHEMA, struct(), 1L));
    assertThat(((Struct) out.value()).get("card")).isEqualTo("[redacted]");
  }

  @Test
  void nullModeKeepsTypeAndMakesItOptional() {
    SinkRecord out =
        value("fields", "ssn,card", "mode", "null")
            .apply(new SinkRecord("t", 0, null, null, SCHEMA, struct(), 1L));
    assertThat(out.valueSchema().field("ssn").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
    assertThat(out.valueSchema().field("card").schema().type()).isEqualTo(Schema.Type.STRUCT);
    assertThat(((Struct) out.value()).get("ssn")).isNull();
    assertThat(((Struct) out.value()).get("card")).isNull();
  }

  @Test
  void schemalessNestedAndInsideArrays() {
    Map<String, Object> item1 = new LinkedHashMap<>(Map.of("card", "4111", "qty", 1));
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("ssn", "123");
    v.put("items", List.of(item1, Map.of("qty", 2)));
    v.put("notes", null);
    SinkRecord out =
        value("fields", "ssn,items.card,notes")
            .apply(new SinkRecord("t", 0, null, null, null, v, 1L));
    @SuppressWarnings("unchecked")
    Map<String, Object> o = (Map<String, Object>) out.value();
    assertThat(o.get("ssn")).isEqualTo("****");
    assertThat(o.get("items"))
        .isEqualTo(List.of(Map.of("card", "****", "qty", 1), Map.of("qty", 2)));
    assertThat(o.get("notes")).isNull();
    assertThat(item1.get("card")).isEqualTo("4111");
    assertThat(v.get("ssn")).isEqualTo("123");
  }
}
