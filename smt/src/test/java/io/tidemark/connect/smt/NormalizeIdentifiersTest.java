package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class NormalizeIdentifiersTest {

  private static NormalizeIdentifiers<SinkRecord> value(String... kv) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    NormalizeIdentifiers<SinkRecord> t = new NormalizeIdentifiers.Value<>();
    t.configure(props);
    return t;
  }

  private static final Schema ADDRESS =
      SchemaBuilder.struct()
          .name("Address")
          .optional()
          .field("Zip Code", Schema.STRING_SCHEMA)
          .build();
  private static final Schema SCHEMA =
      SchemaBuilder.struct()
          .name("db.t.Value")
          .field("CustomerId", Schema.INT32_SCHEMA)
          .field("select", Schema.OPTIONAL_STRING_SCHEMA)
          .field("Home Address", ADDRESS)
          .field("Tags", SchemaBuilder.array(ADDRESS).optional().build())
          .build();

  private static Struct value() {
    return new Struct(SCHEMA)
        .put("CustomerId", 1)
        .put("select", "x")
        .put("Home Address", new Struct(ADDRESS).put("Zip Code", "10115"))
        .put("Tags", List.of(new Struct(ADDRESS).put("Zip Code", "1")));
  }

  private static SinkRecord rec(Schema s, Object v) {
    return new SinkRecord("mysql.Shop.Orders", 1, null, null, s, v, 9L);
  }

  @Test
  void redshiftWithSchemaRenamesNestedFields() {
    SinkRecord out = value("target", "redshift").apply(rec(SCHEMA, value()));
    Struct v = (Struct) out.value();
    assertThat(out.valueSchema().fields())
        .extracting(f -> f.name())
        .containsExactly("customerid", "select", "home_address", "tags");
    assertThat(out.valueSchema().name()).isEqualTo("db.t.Value");
    assertThat(v.get("customerid")).isEqualTo(1);
    assertThat(((Struct) v.get("home_address")).get("zip_code")).isEqualTo("10115");
    @SuppressWarnings("unchecked")
    List<Struct> tags = (List<Struct>) v.get("tags");
    assertThat(tags.get(0).get("zip_code")).isEqualTo("1");
    assertThat(out.topic()).isEqualTo("mysql.Shop.Orders");
  }

  @Test
  void reservedWordsSuffixedAndTopicRenamed() {
    SinkRecord out =
        value("target", "athena", "reserved.word.handling", "suffix", "topic.enabled", "true")
            .apply(rec(SCHEMA, value()));
    assertThat(out.valueSchema().field("select_")).isNotNull();
    assertThat(out.topic()).isEqualTo("mysql_shop_orders");
  }

  @Test
  void nestedCanBeDisabled() {
    SinkRecord out =
        value("target", "athena", "nested.enabled", "false").apply(rec(SCHEMA, value()));
    assertThat(out.valueSchema().field("home_address").schema().field("Zip Code")).isNotNull();
  }

  @Test
  void collisionsAreReportedWithTheStructPath() {
    Schema inner =
        SchemaBuilder.struct()
            .optional()
            .field("a-b", Schema.INT32_SCHEMA)
            .field("A_B", Schema.INT32_SCHEMA)
            .build();
    Schema s = SchemaBuilder.struct().field("outer", inner).build();
    Struct v = new Struct(s).put("outer", new Struct(inner).put("a-b", 1).put("A_B", 2));
    assertThatThrownBy(() -> value("target", "athena").apply(rec(s, v)))
        .isInstanceOf(DataException.class)
        .hasMessage(
            "NormalizeIdentifiers$Value: fields of 'outer': names collide after normalizing for athena: "
                + "'a-b', 'A_B' -> 'a_b' (topic=mysql.Shop.Orders partition=1 offset=9)");
  }

  @Test
  void collisionsCanBeNumbered() {
    Schema s =
        SchemaBuilder.struct()
            .field("a-b", Schema.INT32_SCHEMA)
            .field("A_B", Schema.INT32_SCHEMA)
            .build();
    SinkRecord out =
        value("target", "athena", "collision.handling", "number")
            .apply(rec(s, new Struct(s).put("a-b", 1).put("A_B", 2)));
    assertThat(((Struct) out.value()).get("a_b")).isEqualTo(1);
    assertThat(((Struct) out.value()).get("a_b_2")).isEqualTo(2);
  }

  @Test
  void schemalessMapsAreRenamedAndCollisionsReported() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("Zip Code", "1");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("CustomerId", 1);
    v.put("Addr", inner);
    v.put("List", List.of(Map.of("X", 1)));
    SinkRecord out = value("target", "redshift").apply(rec(null, v));
    assertThat(out.value())
        .isEqualTo(
            Map.of(
                "customerid", 1, "addr", Map.of("zip_code", "1"), "list", List.of(Map.of("x", 1))));
    assertThat(v).containsKey("CustomerId"); // input untouched

    Map<String, Object> clash = new LinkedHashMap<>();
    clash.put("Id", 1);
    clash.put("ID", 2);
    assertThatThrownBy(() -> value("target", "redshift").apply(rec(null, clash)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(
            "top-level fields: names collide after normalizing for redshift: 'Id', 'ID' -> 'id'");
  }

  @Test
  void alreadyValidRecordIsReturnedAsIs() {
    SinkRecord schemaless = rec(null, Map.of("id", 1, "nested", Map.of("ok", 2)));
    assertThat(value("target", "athena").apply(schemaless)).isSameAs(schemaless);
    Schema s = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
    SinkRecord withSchema = rec(s, new Struct(s).put("id", 1));
    assertThat(value("target", "athena").apply(withSchema)).isSameAs(withSchema);
  }

  @Test
  void customRules() {
    Schema s = SchemaBuilder.struct().field("Hello World!", Schema.INT32_SCHEMA).build();
    SinkRecord out =
        value(
                "target",
                "custom",
                "custom.invalid.chars.regex",
                "[^A-Za-z]",
                "custom.replacement",
                "",
                "custom.lowercase.enabled",
                "false",
                "custom.max.length",
                "8")
            .apply(rec(s, new Struct(s).put("Hello World!", 1)));
    assertThat(out.valueSchema().field("HelloWor")).isNotNull();
  }

  @Test
  void tombstoneTopicIsStillRenamed() {
    SinkRecord out = value("target", "athena", "topic.enabled", "true").apply(rec(null, null));
    assertThat(out.topic()).isEqualTo("mysql_shop_orders");
    assertThat(out.value()).isNull();
  }

  @Test
  void configErrors() {
    assertThatThrownBy(() -> value(new String[0]))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Missing required configuration \"target\"");
    assertThatThrownBy(() -> value("target", "postgres"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[redshift, athena, custom]");
    assertThatThrownBy(() -> value("target", "athena", "reserved.word.suffix", "-"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("reserved.word.suffix");
    assertThatThrownBy(() -> value("target", "custom", "custom.invalid.chars.regex", "[a-z"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("custom.invalid.chars.regex");
    assertThatThrownBy(
            () ->
                value(
                    "target",
                    "custom",
                    "custom.replacement",
                    "-",
                    "custom.invalid.chars.regex",
                    "-"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("custom.replacement");
  }
}
