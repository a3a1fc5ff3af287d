package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashFieldsTest {

  private static final String KEY = "0123456789abcdef-super-secret";

  private static String hmacHex(String s) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static HashFields<SinkRecord> value(String... kv) {
    Map<String, String> props = new HashMap<>();
    props.put("hmac.key", KEY);
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    HashFields<SinkRecord> t = new HashFields.Value<>();
    t.configure(props);
    return t;
  }

  private static final Schema CONTACT =
      SchemaBuilder.struct()
          .optional()
          .field("phone", Schema.OPTIONAL_STRING_SCHEMA)
          .field("age", Schema.INT32_SCHEMA)
          .build();
  private static final Schema SCHEMA =
      SchemaBuilder.struct()
          .field("id", Schema.INT64_SCHEMA)
          .field("email", Schema.STRING_SCHEMA)
          .field("contact", CONTACT)
          .field("aliases", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
          .build();

  private static Struct struct() {
    return new Struct(SCHEMA)
        .put("id", 7L)
        .put("email", "a@x.io")
        .put("contact", new Struct(CONTACT).put("phone", null).put("age", 42))
        .put("aliases", List.of("al", "bo"));
  }

  private static Map<String, Object> map() {
    Map<String, Object> contact = new HashMap<>();
    contact.put("phone", null);
    contact.put("age", 42);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", 7L);
    m.put("email", "a@x.io");
    m.put("contact", contact);
    m.put("aliases", List.of("al", "bo"));
    return m;
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void hashesTopLevelNestedAndArrayFieldsSameWithAndWithoutSchema(boolean withSchema)
      throws Exception {
    HashFields<SinkRecord> t = value("fields", "email,contact.phone,contact.age,aliases,id");
    SinkRecord in =
        withSchema
            ? new SinkRecord("t", 0, null, null, SCHEMA, struct(), 1L)
            : new SinkRecord("t", 0, null, null, null, map(), 1L);
    SinkRecord out = t.apply(in);
    Object v = out.value();
    Object email = withSchema ? ((Struct) v).get("email") : ((Map<?, ?>) v).get("email");
    Object contact = withSchema ? ((Struct) v).get("contact") : ((Map<?, ?>) v).get("contact");
    Object phone =
        withSchema ? ((Struct) contact).get("phone") : ((Map<?, ?>) contact).get("phone");
    Object age = withSchema ? ((Struct) contact).get("age") : ((Map<?, ?>) contact).get("age");
    Object aliases = withSchema ? ((Struct) v).get("aliases") : ((Map<?, ?>) v).get("aliases");
    Object id = withSchema ? ((Struct) v).get("id") : ((Map<?, ?>) v).get("id");
    assertThat(email).isEqualTo(hmacHex("a@x.io"));
    assertThat(phone).isNull();
    assertThat(age).isEqualTo(hmacHex("42"));
    assertThat(aliases).isEqualTo(List.of(hmacHex("al"), hmacHex("bo")));
    assertThat(id).isEqualTo(hmacHex("7"));
    if (withSchema) {
      assertThat(out.valueSchema().field("email").schema()).isEqualTo(Schema.STRING_SCHEMA);
      assertThat(out.valueSchema().field("contact").schema().field("phone").schema())
          .isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
      assertThat(out.valueSchema().field("id").schema().type()).isEqualTo(Schema.Type.STRING);
      assertThat(struct().get("email")).isEqualTo("a@x.io");
    } else {
      assertThat(in.value()).isEqualTo(map()); // input not mutated
    }
  }

  @Test
  void base64AndBytesEncodings() {
    Schema s = SchemaBuilder.struct().field("email", Schema.STRING_SCHEMA).build();
    SinkRecord in = new SinkRecord("t", 0, null, null, s, new Struct(s).put("email", "a"), 1L);
    assertThat(
            (String)
                ((Struct) value("fields", "email", "output.encoding", "base64").apply(in).value())
                    .get("email"))
        .hasSize(44)
        .endsWith("=");
    SinkRecord bytes = value("fields", "email", "output.encoding", "bytes").apply(in);
    assertThat(bytes.valueSchema().field("email").schema().type()).isEqualTo(Schema.Type.BYTES);
    assertThat((byte[]) ((Struct) bytes.value()).get("email")).hasSize(32);
  }

  @Test
  void structFieldIsRejectedWithPath() {
    SinkRecord in = new SinkRecord("t", 3, null, null, SCHEMA, struct(), 17L);
    assertThatThrownBy(() -> value("fields", "contact").apply(in))
        .isInstanceOf(DataException.class)
        .hasMessage(
            "HashFields$Value: field 'contact': cannot hash a STRUCT; name its primitive fields instead "
                + "(topic=t partition=3 offset=17)");
    SinkRecord schemaless = new SinkRecord("t", 3, null, null, null, map(), 17L);
    assertThatThrownBy(() -> value("fields", "contact").apply(schemaless))
        .hasMessageContaining("field 'contact': cannot hash a map");
  }

  @Test
  void missingPathsAndTombstonesAreIgnored() {
    SinkRecord in = new SinkRecord("t", 0, null, null, SCHEMA, struct(), 1L);
    assertThat(value("fields", "nope.nothing").apply(in)).isSameAs(in);
    SinkRecord tomb = new SinkRecord("t", 0, null, null, null, null, 1L);
    assertThat(value("fields", "email").apply(tomb)).isSameAs(tomb);
  }

  @Test
  void keyVariant() throws Exception {
    HashFields<SinkRecord> t = new HashFields.Key<>();
    t.configure(Map.of("hmac.key", KEY, "fields", "email"));
    SinkRecord out =
        t.apply(new SinkRecord("t", 0, null, Map.of("email", "k@x.io"), null, "v", 1L));
    assertThat(out.key()).isEqualTo(Map.of("email", hmacHex("k@x.io")));
    assertThat(out.value()).isEqualTo("v");
  }

  @Test
  void secretNeverAppearsInErrorsOrToString() {
    String shortKey = "tooShortSecret";
    HashFields<SinkRecord> t = new HashFields.Value<>();
    assertThatThrownBy(() -> t.configure(Map.of("hmac.key", shortKey, "fields", "email")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("hmac.key")
        .hasMessageContaining("at least 16 bytes")
        .hasMessageNotContaining(shortKey);
    List<ConfigValue> results =
        t.config().validate(Map.of("hmac.key", shortKey, "fields", "email"));
    ConfigValue key =
        results.stream().filter(c -> c.name().equals("hmac.key")).findFirst().orElseThrow();
    assertThat(key.errorMessages())
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m).doesNotContain(shortKey));
    HashFields<SinkRecord> ok = value("fields", "email");
    assertThat(ok.toString()).doesNotContain(KEY).contains("[hidden]");
  }

  @Test
  void emptyFieldListIsRejected() {
    assertThatThrownBy(() -> value("fields", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("fields");
    assertThatThrownBy(() -> value("fields", "a..b"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("empty segment");
  }
}
