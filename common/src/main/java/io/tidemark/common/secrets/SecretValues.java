package io.tidemark.common.secrets;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * How a secret's text becomes key/value pairs: a JSON object (what the console's key/value editor
 * stores) gives its fields; any other text is the single key {@value #PLAIN_KEY}. Parsed with the
 * SDK's own JSON reader, so the provider brings no JSON library of its own.
 */
public final class SecretValues {
  public static final String PLAIN_KEY = "value";

  private SecretValues() {}

  public static Map<String, String> parse(String secretString) {
    Map<String, String> values = new LinkedHashMap<>();
    JsonNode document = null;
    try {
      document = JsonNode.parser().parse(secretString);
    } catch (RuntimeException notJson) {
      // Plain text. No message from the parser: it could quote the secret.
    }
    if (document != null && document.isObject()) {
      document.asObject().forEach((key, value) -> values.put(key, text(value)));
    } else {
      values.put(PLAIN_KEY, secretString);
    }
    return values;
  }

  private static String text(JsonNode value) {
    if (value.isString()) {
      return value.asString();
    }
    if (value.isNumber()) {
      return value.asNumber();
    }
    if (value.isBoolean()) {
      return Boolean.toString(value.asBoolean());
    }
    return value.isNull() ? null : value.toString();
  }
}
