package io.tidemark.configs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One config key the worker rejected, with its messages, from a validate answer. */
public record FieldError(String key, List<String> messages) {

  /**
   * The errors of {@code PUT /connector-plugins/{class}/config/validate}'s answer, in its order.
   */
  public static List<FieldError> fromValidation(JsonNode answer) {
    List<FieldError> errors = new ArrayList<>();
    for (JsonNode config : answer.path("configs")) {
      JsonNode value = config.path("value");
      List<String> messages = new ArrayList<>();
      value.path("errors").forEach(m -> messages.add(m.asText()));
      if (!messages.isEmpty()) {
        errors.add(new FieldError(value.path("name").asText(), List.copyOf(messages)));
      }
    }
    return errors;
  }

  /** {@code key: message} lines, one per message, for a terminal. */
  public static String describe(List<FieldError> errors) {
    StringBuilder out = new StringBuilder();
    for (FieldError error : errors) {
      for (String message : error.messages()) {
        out.append("  ").append(error.key()).append(": ").append(message).append('\n');
      }
    }
    return out.toString();
  }
}
