package io.tidemark.connect.smt.util;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** ConfigDef validators and parsers shared by the transforms. Every error names its key. */
public final class Configs {

  private Configs() {}

  /** The config spelling of an enum constant: lower case, underscores as dots. */
  public static String spelling(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** All spellings of an enum, for validators and docs. */
  public static <E extends Enum<E>> List<String> spellings(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(Configs::spelling)
        .collect(Collectors.toList());
  }

  /**
   * Parses {@code value} into {@code type}; unknown values fail loudly with the key and the allowed
   * values.
   */
  public static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String value) {
    for (E e : type.getEnumConstants()) {
      if (spelling(e).equals(value)) {
        return e;
      }
    }
    throw new ConfigException(key, value, "must be one of " + spellings(type));
  }

  /** A validator (and recommender) for an enum-valued key. */
  public static <E extends Enum<E>> EnumValidator<E> oneOf(Class<E> type) {
    return new EnumValidator<>(type);
  }

  /** Validator and recommender for enum-valued keys. */
  public static final class EnumValidator<E extends Enum<E>>
      implements ConfigDef.Validator, ConfigDef.Recommender {
    private final Class<E> type;

    EnumValidator(Class<E> type) {
      this.type = type;
    }

    @Override
    public void ensureValid(String name, Object value) {
      parseEnum(type, name, (String) value);
    }

    @Override
    public List<Object> validValues(String name, java.util.Map<String, Object> parsedConfig) {
      return List.copyOf(spellings(type));
    }

    @Override
    public boolean visible(String name, java.util.Map<String, Object> parsedConfig) {
      return true;
    }

    @Override
    public String toString() {
      return String.join(", ", spellings(type));
    }
  }

  /** Accepts a time-zone id such as {@code UTC} or {@code Europe/Berlin}. */
  public static final ConfigDef.Validator ZONE_ID =
      new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
          try {
            ZoneId.of((String) value);
          } catch (DateTimeException | NullPointerException e) {
            throw new ConfigException(
                name, value, "not a time-zone id (e.g. UTC, Europe/Berlin): " + e.getMessage());
          }
        }

        @Override
        public String toString() {
          return "a time-zone id, e.g. UTC or Europe/Berlin";
        }
      };

  /** Accepts a {@link DateTimeFormatter} pattern. */
  public static final ConfigDef.Validator DATE_TIME_PATTERN =
      new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
          try {
            DateTimeFormatter.ofPattern((String) value);
          } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(
                name, value, "not a java.time DateTimeFormatter pattern: " + e.getMessage());
          }
        }

        @Override
        public String toString() {
          return "a java.time DateTimeFormatter pattern";
        }
      };

  /** Accepts a Java regular expression. */
  public static final ConfigDef.Validator REGEX =
      new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
          if (value == null) {
            return;
          }
          try {
            Pattern.compile((String) value);
          } catch (PatternSyntaxException e) {
            throw new ConfigException(
                name, value, "not a valid regular expression: " + e.getDescription());
          }
        }

        @Override
        public String toString() {
          return "a Java regular expression";
        }
      };

  /** Accepts a field name: empty (meaning "do not add this field") or a name without dots. */
  public static final ConfigDef.Validator OPTIONAL_FIELD_NAME =
      new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
          String s = (String) value;
          if (s != null && (s.contains(".") || !s.strip().equals(s))) {
            throw new ConfigException(
                name, value, "a field name must not contain dots or surrounding spaces");
          }
        }

        @Override
        public String toString() {
          return "a field name, or empty to omit the field";
        }
      };

  /** Accepts a dot-separated field path. */
  public static final ConfigDef.Validator FIELD_PATH =
      new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
          if (value instanceof List<?> list) {
            if (list.isEmpty()) {
              throw new ConfigException(name, value, "at least one field path is required");
            }
            for (Object o : list) {
              check(name, (String) o);
            }
          } else {
            check(name, (String) value);
          }
        }

        private void check(String name, String path) {
          try {
            io.tidemark.connect.smt.path.FieldPath.parse(path);
          } catch (IllegalArgumentException e) {
            throw new ConfigException(name, path, e.getMessage());
          }
        }

        @Override
        public String toString() {
          return "dot-separated field path(s), e.g. customer.email";
        }
      };
}
