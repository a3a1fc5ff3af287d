package io.tidemark.connect.smt;

import io.tidemark.connect.smt.path.Rewrite;
import io.tidemark.connect.smt.privacy.HmacHasher;
import io.tidemark.connect.smt.util.Configs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

/**
 * Replaces the values of the configured fields with their keyed HMAC-SHA256. The output type is
 * declared in the schema: an optional-if-the-input-was string (hex or base64) or bytes field,
 * without the input's logical type, doc or default.
 */
public abstract class HashFields<R extends ConnectRecord<R>> extends FieldPathTransformation<R> {

  public static final String OVERVIEW_DOC =
      "Replaces the values of fields chosen by path (nested too; arrays are "
          + "crossed) with their HMAC-SHA256 under a secret key, e.g. for pseudonymous joins on PII.";

  public static final String FIELDS = "fields";
  public static final String HMAC_KEY = "hmac.key";
  public static final String OUTPUT_ENCODING = "output.encoding";

  /**
   * Minimum key length in bytes: half the digest size, as RFC 2104 recommends at least the output
   * length.
   */
  public static final int MIN_KEY_BYTES = 16;

  private static final String GROUP = "Hashing";

  private static final ConfigDef.Validator KEY_VALIDATOR =
      new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
          Password p = (Password) value;
          if (p == null || p.value().getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
            // Never echo the value: the message only says what is wrong.
            throw new ConfigException(
                "Invalid value [hidden] for configuration "
                    + name
                    + ": the key must be at least "
                    + MIN_KEY_BYTES
                    + " bytes; use a random 32-byte secret from a config provider");
          }
        }

        @Override
        public String toString() {
          return "at least " + MIN_KEY_BYTES + " bytes";
        }
      };

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              FIELDS,
              ConfigDef.Type.LIST,
              ConfigDef.NO_DEFAULT_VALUE,
              Configs.FIELD_PATH,
              ConfigDef.Importance.HIGH,
              "Comma-separated field paths to hash, e.g. 'email,customer.phone'. Arrays on the way are crossed "
                  + "(the elements are hashed). Paths missing from a record are ignored.",
              GROUP,
              1,
              ConfigDef.Width.LONG,
              "Fields")
          .define(
              HMAC_KEY,
              ConfigDef.Type.PASSWORD,
              ConfigDef.NO_DEFAULT_VALUE,
              KEY_VALIDATOR,
              ConfigDef.Importance.HIGH,
              "The HMAC secret (its UTF-8 bytes), at least "
                  + MIN_KEY_BYTES
                  + " bytes. Supply it through a config "
                  + "provider, e.g. ${secretsmanager:tidemark/pii:hmac.key}; it is never logged.",
              GROUP,
              2,
              ConfigDef.Width.MEDIUM,
              "HMAC key")
          .define(
              OUTPUT_ENCODING,
              ConfigDef.Type.STRING,
              "hex",
              Configs.oneOf(HmacHasher.Encoding.class),
              ConfigDef.Importance.MEDIUM,
              "How the 32-byte digest is written: 'hex' (64-character lower-case string), 'base64' (44-character "
                  + "string) or 'bytes'.",
              GROUP,
              3,
              ConfigDef.Width.SHORT,
              "Output encoding",
              Configs.oneOf(HmacHasher.Encoding.class));

  private HmacHasher hasher;

  protected HashFields(boolean key) {
    super(key);
  }

  @Override
  public void configure(Map<String, ?> props) {
    AbstractConfig c = new AbstractConfig(CONFIG_DEF, props);
    hasher =
        new HmacHasher(
            c.getPassword(HMAC_KEY).value().getBytes(StandardCharsets.UTF_8),
            Configs.parseEnum(
                HmacHasher.Encoding.class, OUTPUT_ENCODING, c.getString(OUTPUT_ENCODING)));
    paths(c.getList(FIELDS));
  }

  @Override
  protected Rewrite leaf(String path, Schema schema) {
    switch (schema.type()) {
      case ARRAY:
        return null; // hash the elements
      case STRUCT:
      case MAP:
        throw new DataException(
            "field '"
                + path
                + "': cannot hash a "
                + schema.type()
                + "; name its primitive fields instead");
      default:
        SchemaBuilder b =
            hasher.encoding() == HmacHasher.Encoding.BYTES
                ? SchemaBuilder.bytes()
                : SchemaBuilder.string();
        if (schema.isOptional()) {
          b.optional();
        }
        return Rewrite.of(b.build(), v -> hash(path, v));
    }
  }

  @Override
  protected Object leafSchemaless(String path, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) {
        out.add(leafSchemaless(path, e));
      }
      return out;
    }
    if (value instanceof Map) {
      throw new DataException(
          "field '" + path + "': cannot hash a map; name its primitive fields instead");
    }
    return hash(path, value);
  }

  private Object hash(String path, Object value) {
    try {
      return hasher.hash(value);
    } catch (DataException e) {
      throw new DataException("field '" + path + "': " + e.getMessage(), e);
    }
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public String toString() {
    return getClass().getName() + "[" + hasher + "]";
  }

  /** Hashes fields of the record key. */
  public static final class Key<R extends ConnectRecord<R>> extends HashFields<R> {
    public Key() {
      super(true);
    }
  }

  /** Hashes fields of the record value. */
  public static final class Value<R extends ConnectRecord<R>> extends HashFields<R> {
    public Value() {
      super(false);
    }
  }
}
