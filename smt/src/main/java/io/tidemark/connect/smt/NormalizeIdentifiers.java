package io.tidemark.connect.smt;

import io.tidemark.common.identifiers.AthenaIdentifiers;
import io.tidemark.common.identifiers.CollisionHandling;
import io.tidemark.common.identifiers.IdentifierCollisionException;
import io.tidemark.common.identifiers.IdentifierMapper;
import io.tidemark.common.identifiers.IdentifierRules;
import io.tidemark.common.identifiers.PatternIdentifiers;
import io.tidemark.common.identifiers.RedshiftIdentifiers;
import io.tidemark.common.identifiers.ReservedWordHandling;
import io.tidemark.connect.smt.path.Rewrite;
import io.tidemark.connect.smt.path.SchemaRewriter;
import io.tidemark.connect.smt.util.Configs;
import io.tidemark.connect.smt.util.SchemaCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Renames fields (and optionally the topic) to identifiers a target engine accepts. Names that
 * collide after renaming are a {@link DataException} naming every colliding field (or are numbered,
 * if configured); they are never merged.
 */
public abstract class NormalizeIdentifiers<R extends ConnectRecord<R>>
    extends KeyOrValueTransformation<R> {

  public static final String OVERVIEW_DOC =
      "Renames fields (nested too) and optionally the topic to identifiers valid for "
          + "Redshift, Athena or a custom pattern. Collisions after renaming are reported, never merged.";

  /** The identifier rules to apply. */
  public enum Target {
    REDSHIFT,
    ATHENA,
    CUSTOM
  }

  public static final String TARGET = "target";
  public static final String RESERVED_WORD_HANDLING = "reserved.word.handling";
  public static final String RESERVED_WORD_SUFFIX = "reserved.word.suffix";
  public static final String CUSTOM_INVALID_CHARS = "custom.invalid.chars.regex";
  public static final String CUSTOM_REPLACEMENT = "custom.replacement";
  public static final String CUSTOM_MAX_LENGTH = "custom.max.length";
  public static final String CUSTOM_LOWERCASE = "custom.lowercase.enabled";
  public static final String NESTED = "nested.enabled";
  public static final String TOPIC = "topic.enabled";
  public static final String COLLISION_HANDLING = "collision.handling";

  private static final String GROUP = "Identifiers";
  private static final String GROUP_CUSTOM = "Custom rules";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              TARGET,
              ConfigDef.Type.STRING,
              ConfigDef.NO_DEFAULT_VALUE,
              Configs.oneOf(Target.class),
              ConfigDef.Importance.HIGH,
              "'redshift': lower case, letters/digits/_/$ and multi-byte characters, at most 127 UTF-8 bytes; "
                  + "'athena': lower case [a-z0-9_], at most 255 characters; 'custom': the "
                  + CUSTOM_INVALID_CHARS
                  + " rules.",
              GROUP,
              1,
              ConfigDef.Width.SHORT,
              "Target",
              Configs.oneOf(Target.class))
          .define(
              RESERVED_WORD_HANDLING,
              ConfigDef.Type.STRING,
              "quote",
              Configs.oneOf(ReservedWordHandling.class),
              ConfigDef.Importance.MEDIUM,
              "Names that are reserved words of the target: 'quote' keeps them (the sink must quote them), 'suffix' "
                  + "appends "
                  + RESERVED_WORD_SUFFIX
                  + ". Not used by 'custom'.",
              GROUP,
              2,
              ConfigDef.Width.SHORT,
              "Reserved words")
          .define(
              RESERVED_WORD_SUFFIX,
              ConfigDef.Type.STRING,
              "_",
              ConfigDef.Importance.LOW,
              "Suffix appended to reserved words when " + RESERVED_WORD_HANDLING + "=suffix.",
              GROUP,
              3,
              ConfigDef.Width.SHORT,
              "Reserved word suffix")
          .define(
              NESTED,
              ConfigDef.Type.BOOLEAN,
              true,
              ConfigDef.Importance.MEDIUM,
              "Also rename the fields of nested structs (and, schemaless, the keys of nested maps). Map keys of "
                  + "maps with a schema are data and never renamed.",
              GROUP,
              4,
              ConfigDef.Width.SHORT,
              "Nested fields")
          .define(
              TOPIC,
              ConfigDef.Type.BOOLEAN,
              false,
              ConfigDef.Importance.MEDIUM,
              "Also rename the topic with the same rules (e.g. mysql.shop.Orders becomes mysql_shop_orders), for sinks "
                  + "that derive table names from topics.",
              GROUP,
              5,
              ConfigDef.Width.SHORT,
              "Rename topic")
          .define(
              COLLISION_HANDLING,
              ConfigDef.Type.STRING,
              "fail",
              Configs.oneOf(CollisionHandling.class),
              ConfigDef.Importance.MEDIUM,
              "Two fields of one struct that get the same name: 'fail' raises a DataException naming both; 'number' "
                  + "keeps the first and appends _2, _3, ... to the others in field order.",
              GROUP,
              6,
              ConfigDef.Width.SHORT,
              "Collisions")
          .define(
              CUSTOM_INVALID_CHARS,
              ConfigDef.Type.STRING,
              "[^a-z0-9_]",
              Configs.REGEX,
              ConfigDef.Importance.MEDIUM,
              "target=custom: a regular expression; every match is replaced with "
                  + CUSTOM_REPLACEMENT
                  + ".",
              GROUP_CUSTOM,
              1,
              ConfigDef.Width.MEDIUM,
              "Invalid characters")
          .define(
              CUSTOM_REPLACEMENT,
              ConfigDef.Type.STRING,
              "_",
              ConfigDef.Importance.LOW,
              "target=custom: the replacement for invalid characters (may be empty); it must not itself match.",
              GROUP_CUSTOM,
              2,
              ConfigDef.Width.SHORT,
              "Replacement")
          .define(
              CUSTOM_MAX_LENGTH,
              ConfigDef.Type.INT,
              255,
              ConfigDef.Range.atLeast(1),
              ConfigDef.Importance.LOW,
              "target=custom: maximum length in characters; longer names are truncated.",
              GROUP_CUSTOM,
              3,
              ConfigDef.Width.SHORT,
              "Maximum length")
          .define(
              CUSTOM_LOWERCASE,
              ConfigDef.Type.BOOLEAN,
              true,
              ConfigDef.Importance.LOW,
              "target=custom: lower-case names before replacing invalid characters.",
              GROUP_CUSTOM,
              4,
              ConfigDef.Width.SHORT,
              "Lower case");

  private static final int NAME_CACHE_LIMIT = 10_000;

  private final SchemaCache<Rewrite> cache = new SchemaCache<>();
  private final Map<String, String> names = new ConcurrentHashMap<>();
  private IdentifierMapper mapper;
  private boolean nested;
  private boolean renameTopic;

  protected NormalizeIdentifiers(boolean key) {
    super(key);
  }

  @Override
  public void configure(Map<String, ?> props) {
    AbstractConfig c = new AbstractConfig(CONFIG_DEF, props);
    Target target = Configs.parseEnum(Target.class, TARGET, c.getString(TARGET));
    ReservedWordHandling reserved =
        Configs.parseEnum(
            ReservedWordHandling.class,
            RESERVED_WORD_HANDLING,
            c.getString(RESERVED_WORD_HANDLING));
    String suffix = c.getString(RESERVED_WORD_SUFFIX);
    IdentifierRules rules;
    try {
      switch (target) {
        case REDSHIFT:
          rules = new RedshiftIdentifiers(reserved, suffix);
          break;
        case ATHENA:
          rules = new AthenaIdentifiers(reserved, suffix);
          break;
        default:
          rules = customRules(c);
      }
    } catch (IllegalArgumentException e) {
      String key = target == Target.CUSTOM ? CUSTOM_REPLACEMENT : RESERVED_WORD_SUFFIX;
      throw new ConfigException(key, c.getString(key), e.getMessage());
    }
    mapper =
        new IdentifierMapper(
            rules,
            Configs.parseEnum(
                CollisionHandling.class, COLLISION_HANDLING, c.getString(COLLISION_HANDLING)));
    nested = c.getBoolean(NESTED);
    renameTopic = c.getBoolean(TOPIC);
    cache.clear();
    names.clear();
  }

  private static IdentifierRules customRules(AbstractConfig c) {
    return new PatternIdentifiers(
        Pattern.compile(c.getString(CUSTOM_INVALID_CHARS)),
        c.getString(CUSTOM_REPLACEMENT),
        c.getInt(CUSTOM_MAX_LENGTH),
        c.getBoolean(CUSTOM_LOWERCASE));
  }

  @Override
  protected String topic(R record) {
    return renameTopic ? normalize(record.topic()) : record.topic();
  }

  @Override
  protected Part transform(R record, Schema schema, Object value) {
    if (schema != null) {
      if (schema.type() != Schema.Type.STRUCT) {
        return new Part(schema, value);
      }
      Rewrite rewrite =
          cache.get(schema, () -> SchemaRewriter.compile(schema, (p, s) -> null, this::rename));
      return new Part(rewrite.schema(), rewrite.apply(value));
    }
    return new Part(null, renameSchemaless(value, "", true));
  }

  private Map<String, String> rename(String path, List<String> fieldNames) {
    if (!nested && !path.isEmpty()) {
      Map<String, String> same = new LinkedHashMap<>();
      fieldNames.forEach(n -> same.put(n, n));
      return same;
    }
    try {
      return mapper.renameAll(fieldNames);
    } catch (IdentifierCollisionException e) {
      throw new DataException(
          (path.isEmpty() ? "top-level fields" : "fields of '" + path + "'")
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private String normalize(String name) {
    String n = names.get(name);
    if (n == null) {
      if (names.size() > NAME_CACHE_LIMIT) {
        names.clear();
      }
      n = mapper.rules().normalize(name);
      names.put(name, n);
    }
    return n;
  }

  /** Returns {@code value} itself when nothing needs renaming. */
  private Object renameSchemaless(Object value, String path, boolean top) {
    if (value instanceof Map<?, ?> map) {
      if (!top && !nested) {
        return value;
      }
      boolean changed = false;
      Map<Object, Object> children = null;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String k = String.valueOf(e.getKey());
        Object v = e.getValue();
        Object nv = renameSchemaless(v, path.isEmpty() ? k : path + "." + k, false);
        if (nv != v) {
          if (children == null) {
            children = new HashMap<>();
          }
          children.put(e.getKey(), nv);
          changed = true;
        }
        changed |= !normalize(k).equals(e.getKey());
      }
      if (!changed) {
        return value;
      }
      List<String> keys = new ArrayList<>(map.size());
      map.keySet().forEach(k -> keys.add(String.valueOf(k)));
      Map<String, String> renamed = rename(path, keys);
      Map<String, Object> out = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object v =
            children != null && children.containsKey(e.getKey())
                ? children.get(e.getKey())
                : e.getValue();
        out.put(renamed.get(String.valueOf(e.getKey())), v);
      }
      return out;
    }
    if (value instanceof List<?> list && nested) {
      List<Object> out = null;
      for (int i = 0; i < list.size(); i++) {
        Object v = list.get(i);
        Object nv = renameSchemaless(v, path, false);
        if (nv != v && out == null) {
          out = new ArrayList<>(list);
        }
        if (out != null) {
          out.set(i, nv);
        }
      }
      return out == null ? value : out;
    }
    return value;
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {
    cache.clear();
    names.clear();
  }

  /** Renames the fields of the record key. */
  public static final class Key<R extends ConnectRecord<R>> extends NormalizeIdentifiers<R> {
    public Key() {
      super(true);
    }
  }

  /** Renames the fields of the record value. */
  public static final class Value<R extends ConnectRecord<R>> extends NormalizeIdentifiers<R> {
    public Value() {
      super(false);
    }
  }
}
