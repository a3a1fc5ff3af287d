package io.tidemark.connect.athena.plan;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/** Parses a commit event's JSON text (for the CLI, and a StringConverter on the event topic). */
public final class CommitEventJson {

  private static final JsonNodeParser PARSER = JsonNodeParser.create();

  private CommitEventJson() {}

  public static CommitEvent parse(String json) {
    JsonNode node;
    try {
      node = PARSER.parse(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("commit event is not valid JSON: " + e.getMessage(), e);
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("commit event must be a JSON object");
    }
    Object value = toJava(node);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    return CommitEvent.fromMap(map);
  }

  private static Object toJava(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      node.asObject().forEach((k, v) -> out.put(k, toJava(v)));
      return out;
    }
    if (node.isNumber()) {
      // Exact, never a double: 19-digit ids and offsets, and unsigned 64-bit keys, must keep every
      // digit. Long when it fits, else BigInteger; anything with a fraction or exponent BigDecimal.
      String n = node.asNumber();
      if (n.matches("-?\\d+")) {
        BigInteger i = new BigInteger(n);
        return i.bitLength() < 64 ? (Object) i.longValueExact() : i;
      }
      return new BigDecimal(n);
    }
    if (node.isString()) {
      return node.asString();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNull()) {
      return null;
    }
    return node.toString();
  }
}
