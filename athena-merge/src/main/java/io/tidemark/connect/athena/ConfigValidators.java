package io.tidemark.connect.athena;

import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** ConfigDef validators built on the parsers the code uses, so config and runtime agree. */
final class ConfigValidators {

  private ConfigValidators() {}

  /**
   * Runs {@code parser} on non-empty values; its IllegalArgumentException becomes a ConfigException
   * on the key.
   */
  static ConfigDef.Validator parsing(Consumer<String> parser, String expected) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value == null || value.toString().isBlank()) {
          return;
        }
        try {
          parser.accept(value.toString().trim());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, value, e.getMessage());
        }
      }

      @Override
      public String toString() {
        return expected;
      }
    };
  }

  /** Empty, or a URI with the given scheme prefix. */
  static ConfigDef.Validator uriOrEmpty(String prefix) {
    return parsing(
        v -> {
          if (!v.startsWith(prefix) || v.length() == prefix.length()) {
            throw new IllegalArgumentException("must start with " + prefix);
          }
        },
        "empty or " + prefix + "...");
  }
}
