package io.tidemark.connect.smt;

import io.tidemark.connect.smt.json.JsonReader;
import io.tidemark.connect.smt.json.SchemaInference;
import io.tidemark.connect.smt.path.FieldPath;
import io.tidemark.connect.smt.path.Paths;
import io.tidemark.connect.smt.util.Configs;
import io.tidemark.connect.smt.util.SchemaCache;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Parses a JSON string field into a struct with an inferred schema, or into a map. The output
 * schema depends on each document's shape; schemas are cached per (record schema, inferred schema).
 */
public abstract class ParseJson<R extends ConnectRecord<R>> extends KeyOrValueTransformation<R> {

  public static final String OVERVIEW_DOC =
      "Parses a JSON string field (e.g. a MySQL JSON column) into a struct with an "
          + "inferred schema, or into a map; invalid JSON is kept, nulled or fails, as configured.";

  /** What the JSON becomes. */
  public enum Target {
    STRUCT,
    MAP
  }

  /** What to do with text that is not valid JSON (or not an object). */
  public enum InvalidHandling {
    KEEP,
    NULL,
    FAIL
  }

  public static final String FIELD = "field";
  public static final String TARGET = "target";
  public static final String INVALID_HANDLING = "invalid.handling";

  private static final String GROUP = "JSON";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              FIELD,
              ConfigDef.Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              Configs.FIELD_PATH,
              ConfigDef.Importance.HIGH,
              "Path of the string field holding JSON, e.g. 'attributes' or 'after.attributes'. With a schema the "
                  + "path must lead through structs only. An absent or null field leaves the record unchanged.",
              GROUP,
              1,
              ConfigDef.Width.MEDIUM,
              "Field")
          .define(
              TARGET,
              ConfigDef.Type.STRING,
              "struct",
              Configs.oneOf(Target.class),
              ConfigDef.Importance.HIGH,
              "'struct': a JSON object becomes a struct whose schema is inferred from the document (all fields "
                  + "optional; integers int64, other numbers float64, mixed arrays as JSON-text strings). 'map': "
                  + "with a schema, a map<string,string> whose values are strings as is and anything else as JSON "
                  + "text. Without a schema both give nested maps and lists.",
              GROUP,
              2,
              ConfigDef.Width.SHORT,
              "Target",
              Configs.oneOf(Target.class))
          .define(
              INVALID_HANDLING,
              ConfigDef.Type.STRING,
              "fail",
              Configs.oneOf(InvalidHandling.class),
              ConfigDef.Importance.MEDIUM,
              "Text that is not valid JSON, or not a JSON object: 'keep' leaves the record unchanged (the field stays "
                  + "a string); 'null' sets the field to null (its schema becomes an optional string); 'fail' raises "
                  + "a DataException naming the field and the parse error, never the text.",
              GROUP,
              3,
              ConfigDef.Width.SHORT,
              "Invalid JSON",
              Configs.oneOf(InvalidHandling.class));

  private static final Schema MAP_SCHEMA =
      SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).optional().build();

  private final SchemaCache<Schema> outputSchemas = new SchemaCache<>();
  private final SchemaCache<Schema> inferred = new SchemaCache<>(256);
  private FieldPath path;
  private Target target;
  private InvalidHandling invalid;

  protected ParseJson(boolean key) {
    super(key);
  }

  @Override
  public void configure(Map<String, ?> props) {
    AbstractConfig c = new AbstractConfig(CONFIG_DEF, props);
    path = FieldPath.parse(c.getString(FIELD));
    target = Configs.parseEnum(Target.class, TARGET, c.getString(TARGET));
    invalid =
        Configs.parseEnum(InvalidHandling.class, INVALID_HANDLING, c.getString(INVALID_HANDLING));
    outputSchemas.clear();
    inferred.clear();
  }

  @Override
  protected Part transform(R record, Schema schema, Object value) {
    return schema == null ? schemaless(value) : withSchema(schema, value);
  }

  private Part withSchema(Schema schema, Object value) {
    Schema fieldSchema = Paths.schemaAt(schema, path);
    if (fieldSchema == null) {
      return new Part(schema, value);
    }
    if (fieldSchema.type() != Schema.Type.STRING) {
      throw new DataException(
          "field '"
              + path
              + "': expected a string field holding JSON but found "
              + fieldSchema.type());
    }
    Object text = Paths.get(value, path);
    if (text == null) {
      return new Part(schema, value);
    }
    Object json = parse((String) text);
    if (json == INVALID) {
      if (invalid == InvalidHandling.KEEP) {
        return new Part(schema, value);
      }
      return replace(schema, (Struct) value, Schema.OPTIONAL_STRING_SCHEMA, null);
    }
    if (json == null) {
      return new Part(schema, value);
    }
    if (target == Target.MAP) {
      Map<String, Object> m = new LinkedHashMap<>();
      ((Map<?, ?>) json)
          .forEach(
              (k, v) ->
                  m.put((String) k, v == null || v instanceof String ? v : JsonReader.write(v)));
      return replace(schema, (Struct) value, MAP_SCHEMA, m);
    }
    SchemaInference.Result r = SchemaInference.infer(json);
    // One schema instance per document shape, so the output-schema cache hits by identity.
    // (Struct validation compares schemas by equality, so the value needs no rebinding.)
    Schema canonical = inferred.get(r.schema(), r::schema);
    return replace(schema, (Struct) value, canonical, r.value());
  }

  private Part replace(Schema schema, Struct value, Schema leafSchema, Object leafValue) {
    Schema out =
        outputSchemas.get(schema, leafSchema, () -> Paths.replaceSchema(schema, path, leafSchema));
    return new Part(out, Paths.replace(value, out, path, leafValue));
  }

  private Part schemaless(Object value) {
    Object out =
        Paths.updateSchemaless(
            value,
            path,
            v -> {
              if (v == null) {
                return null;
              }
              if (!(v instanceof String s)) {
                throw new DataException(
                    "field '"
                        + path
                        + "': expected a JSON string but found "
                        + v.getClass().getSimpleName());
              }
              Object json = parse(s);
              if (json == INVALID) {
                return invalid == InvalidHandling.KEEP ? v : null;
              }
              return json;
            });
    return new Part(null, out);
  }

  private static final Object INVALID = new Object();

  /** The parsed object, null for JSON null, or INVALID (when the policy is not 'fail'). */
  private Object parse(String text) {
    String problem;
    try {
      Object json = JsonReader.read(text);
      if (json == null || json instanceof Map) {
        return json;
      }
      problem =
          "expected a JSON object but found "
              + (json instanceof List ? "an array" : "a " + json.getClass().getSimpleName());
    } catch (JsonReader.InvalidJsonException e) {
      problem = "invalid JSON: " + e.getMessage();
    }
    if (invalid == InvalidHandling.FAIL) {
      throw new DataException("field '" + path + "': " + problem);
    }
    return INVALID;
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {
    outputSchemas.clear();
    inferred.clear();
  }

  /** Parses a field of the record key. */
  public static final class Key<R extends ConnectRecord<R>> extends ParseJson<R> {
    public Key() {
      super(true);
    }
  }

  /** Parses a field of the record value. */
  public static final class Value<R extends ConnectRecord<R>> extends ParseJson<R> {
    public Value() {
      super(false);
    }
  }
}
