package io.tidemark.connect.smt;

import io.tidemark.connect.smt.path.FieldPath;
import io.tidemark.connect.smt.path.Paths;
import io.tidemark.connect.smt.util.Configs;
import io.tidemark.connect.smt.util.Records;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * True when the value at a field path equals a string, fully matches a regular expression, or is
 * one of a list of strings. No scripting. The value is compared in its text form (numbers in
 * decimal, decimals in plain notation, booleans as true/false, dates as epoch milliseconds). A null
 * or absent field, or a null key/value, never matches.
 */
public abstract class FieldValueMatches<R extends ConnectRecord<R>> implements Predicate<R> {

  public static final String OVERVIEW_DOC =
      "Predicate: the value at a field path equals a string, fully matches a "
          + "regular expression, or is in a list. Null or absent never matches; combine with 'negate' to invert.";

  /** How to compare. */
  public enum Match {
    EQUALS,
    REGEX,
    IN
  }

  public static final String FIELD = "field";
  public static final String MATCH = "match";
  public static final String VALUE = "value";
  public static final String VALUES = "values";

  private static final String GROUP = "Match";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              FIELD,
              ConfigDef.Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              Configs.FIELD_PATH,
              ConfigDef.Importance.HIGH,
              "Path of the field to test, e.g. 'op' or 'after.status'.",
              GROUP,
              1,
              ConfigDef.Width.MEDIUM,
              "Field")
          .define(
              MATCH,
              ConfigDef.Type.STRING,
              "equals",
              Configs.oneOf(Match.class),
              ConfigDef.Importance.HIGH,
              "'equals': the text equals "
                  + VALUE
                  + "; 'regex': the text fully matches the regular expression "
                  + VALUE
                  + "; 'in': the text is one of "
                  + VALUES
                  + ".",
              GROUP,
              2,
              ConfigDef.Width.SHORT,
              "Match",
              Configs.oneOf(Match.class))
          .define(
              VALUE,
              ConfigDef.Type.STRING,
              null,
              ConfigDef.Importance.HIGH,
              "The string (match=equals) or regular expression (match=regex) to compare with.",
              GROUP,
              3,
              ConfigDef.Width.MEDIUM,
              "Value")
          .define(
              VALUES,
              ConfigDef.Type.LIST,
              "",
              ConfigDef.Importance.HIGH,
              "Comma-separated strings for match=in.",
              GROUP,
              4,
              ConfigDef.Width.LONG,
              "Values");

  private final boolean key;
  private FieldPath path;
  private Match match;
  private String expected;
  private Pattern pattern;
  private Set<String> allowed;

  protected FieldValueMatches(boolean key) {
    this.key = key;
  }

  @Override
  public void configure(Map<String, ?> props) {
    AbstractConfig c = new AbstractConfig(CONFIG_DEF, props);
    path = FieldPath.parse(c.getString(FIELD));
    match = Configs.parseEnum(Match.class, MATCH, c.getString(MATCH));
    expected = c.getString(VALUE);
    List<String> values = c.getList(VALUES);
    switch (match) {
      case IN:
        if (values.isEmpty()) {
          throw new ConfigException(VALUES, "", "at least one value is required when match=in");
        }
        allowed = Set.copyOf(values);
        break;
      case REGEX:
        if (expected == null) {
          throw new ConfigException(
              VALUE, null, "a regular expression is required when match=regex");
        }
        try {
          pattern = Pattern.compile(expected);
        } catch (java.util.regex.PatternSyntaxException e) {
          throw new ConfigException(
              VALUE, expected, "not a valid regular expression: " + e.getDescription());
        }
        break;
      default:
        if (expected == null) {
          throw new ConfigException(VALUE, null, "a value is required when match=equals");
        }
    }
  }

  @Override
  public boolean test(R record) {
    Object root = key ? record.key() : record.value();
    if (root == null) {
      return false;
    }
    Object v = Paths.get(root, path);
    if (v == null) {
      return false;
    }
    String text = text(record, v);
    switch (match) {
      case EQUALS:
        return expected.equals(text);
      case REGEX:
        return pattern.matcher(text).matches();
      default:
        return allowed.contains(text);
    }
  }

  private String text(R record, Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof java.util.Date d) {
      return Long.toString(d.getTime());
    }
    String type =
        v instanceof Struct
            ? "struct"
            : v instanceof Map ? "map" : v instanceof List ? "array" : v.getClass().getSimpleName();
    throw Records.error(
        getClass().getEnclosingClass().getSimpleName(),
        record,
        "field '" + path + "': cannot compare a " + type + " with a string",
        null);
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return getClass().getName() + "[" + path + " " + match + "]";
  }

  /** Tests a field of the record key. */
  public static final class Key<R extends ConnectRecord<R>> extends FieldValueMatches<R> {
    public Key() {
      super(true);
    }
  }

  /** Tests a field of the record value. */
  public static final class Value<R extends ConnectRecord<R>> extends FieldValueMatches<R> {
    public Value() {
      super(false);
    }
  }
}
