package io.tidemark.stack.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Debezium change event as read from Kafka in Connect's JSON format (schema + payload), with the
 * row images decoded: decimals as {@link BigDecimal}, Debezium dates as {@link LocalDate}.
 */
public record ChangeEvent(
    Map<String, Object> key,
    String op,
    Map<String, Object> before,
    Map<String, Object> after,
    Map<String, Object> source,
    long offset) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether this is the tombstone Debezium writes after a delete (a null value). */
  public boolean isTombstone() {
    return op == null;
  }

  /** The row image that describes the row: {@code after}, or {@code before} for a delete. */
  public Map<String, Object> row() {
    return after != null ? after : before;
  }

  public static ChangeEvent parse(ConsumerRecord<String, String> record) {
    Map<String, Object> key = record.key() == null ? null : decodeStruct(read(record.key()));
    if (record.value() == null) {
      return new ChangeEvent(key, null, null, null, null, record.offset());
    }
    JsonNode value = read(record.value());
    JsonNode schema = value.path("schema");
    JsonNode payload = value.path("payload");
    return new ChangeEvent(
        key,
        payload.path("op").asText(null),
        decodeStruct(fieldSchema(schema, "before"), payload.get("before")),
        decodeStruct(fieldSchema(schema, "after"), payload.get("after")),
        decodeStruct(fieldSchema(schema, "source"), payload.get("source")),
        record.offset());
  }

  private static Map<String, Object> decodeStruct(JsonNode envelope) {
    return decodeStruct(envelope.path("schema"), envelope.get("payload"));
  }

  private static Map<String, Object> decodeStruct(JsonNode schema, JsonNode payload) {
    if (payload == null || payload.isNull()) {
      return null;
    }
    Map<String, Object> row = new LinkedHashMap<>();
    payload
        .fields()
        .forEachRemaining(
            field ->
                row.put(
                    field.getKey(), decode(fieldSchema(schema, field.getKey()), field.getValue())));
    return row;
  }

  private static Object decode(JsonNode schema, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    String name = schema.path("name").asText("");
    switch (name) {
      case "org.apache.kafka.connect.data.Decimal":
        int scale = schema.path("parameters").path("scale").asInt();
        return new BigDecimal(new BigInteger(Base64.getDecoder().decode(value.asText())), scale);
      case "io.debezium.time.Date":
        return LocalDate.ofEpochDay(value.asLong());
      default:
        break;
    }
    if (value.isObject()) {
      return decodeStruct(schema, value);
    }
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.asText();
  }

  private static JsonNode fieldSchema(JsonNode structSchema, String field) {
    for (JsonNode f : structSchema.path("fields")) {
      if (field.equals(f.path("field").asText())) {
        return f;
      }
    }
    return JSON.missingNode();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON change event: " + e.getOriginalMessage(), e);
    }
  }
}
