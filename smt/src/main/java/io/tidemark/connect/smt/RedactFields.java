package io.tidemark.connect.smt;

import io.tidemark.connect.smt.path.Rewrite;
import io.tidemark.connect.smt.path.SchemaRewriter;
import io.tidemark.connect.smt.util.Configs;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Replaces the values of the configured fields with a fixed text, or with null. The output type is
 * declared in the schema: {@code replace} turns the field (whatever its type, a whole struct or
 * array included) into a string field; {@code null} keeps the type and makes it optional. Null
 * values stay null.
 */
public abstract class RedactFields<R extends ConnectRecord<R>> extends FieldPathTransformation<R> {

  public static final String OVERVIEW_DOC =
      "Replaces the values of fields chosen by path (nested too) with a fixed "
          + "text (the field becomes a string) or with null (the field becomes optional).";

  /** What a redacted value becomes. */
  public enum Mode {
    REPLACE,
    NULL
  }

  public static final String FIELDS = "fields";
  public static final String MODE = "mode";
  public static final String REPLACEMENT = "replacement";

  private static final String GROUP = "Redaction";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              FIELDS,
              ConfigDef.Type.LIST,
              ConfigDef.NO_DEFAULT_VALUE,
              Configs.FIELD_PATH,
              ConfigDef.Importance.HIGH,
              "Comma-separated field paths to redact, e.g. 'ssn,customer.card'. A path may name a struct or array "
                  + "field, which is redacted as a whole. Paths missing from a record are ignored.",
              GROUP,
              1,
              ConfigDef.Width.LONG,
              "Fields")
          .define(
              MODE,
              ConfigDef.Type.STRING,
              "replace",
              Configs.oneOf(Mode.class),
              ConfigDef.Importance.MEDIUM,
              "'replace': the value becomes "
                  + REPLACEMENT
                  + " and the field a string; 'null': the value becomes null "
                  + "and the field optional.",
              GROUP,
              2,
              ConfigDef.Width.SHORT,
              "Mode",
              Configs.oneOf(Mode.class))
          .define(
              REPLACEMENT,
              ConfigDef.Type.STRING,
              "****",
              ConfigDef.Importance.LOW,
              "The text that replaces redacted values when " + MODE + "=replace.",
              GROUP,
              3,
              ConfigDef.Width.SHORT,
              "Replacement");

  private Mode mode;
  private String replacement;

  protected RedactFields(boolean key) {
    super(key);
  }

  @Override
  public void configure(Map<String, ?> props) {
    AbstractConfig c = new AbstractConfig(CONFIG_DEF, props);
    mode = Configs.parseEnum(Mode.class, MODE, c.getString(MODE));
    replacement = c.getString(REPLACEMENT);
    paths(c.getList(FIELDS));
  }

  @Override
  protected Rewrite leaf(String path, Schema schema) {
    if (mode == Mode.REPLACE) {
      SchemaBuilder b = SchemaBuilder.string();
      if (schema.isOptional()) {
        b.optional();
      }
      String text = replacement;
      return Rewrite.of(b.build(), v -> text);
    }
    SchemaBuilder b;
    switch (schema.type()) {
      case STRUCT:
        b = SchemaBuilder.struct();
        schema.fields().forEach(f -> b.field(f.name(), f.schema()));
        break;
      case ARRAY:
        b = SchemaBuilder.array(schema.valueSchema());
        break;
      case MAP:
        b = SchemaBuilder.map(schema.keySchema(), schema.valueSchema());
        break;
      default:
        b = SchemaBuilder.type(schema.type());
    }
    Schema optional = SchemaRewriter.finish(schema, b.optional(), null);
    return Rewrite.of(optional, v -> null);
  }

  @Override
  protected Object leafSchemaless(String path, Object value) {
    return value == null || mode == Mode.NULL ? null : replacement;
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  /** Redacts fields of the record key. */
  public static final class Key<R extends ConnectRecord<R>> extends RedactFields<R> {
    public Key() {
      super(true);
    }
  }

  /** Redacts fields of the record value. */
  public static final class Value<R extends ConnectRecord<R>> extends RedactFields<R> {
    public Value() {
      super(false);
    }
  }
}
