package io.tidemark.connect.smt.cdc;

import io.tidemark.connect.smt.util.Structs;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads a Debezium record value, with a schema (a {@link Struct}) or without one (a {@link Map}
 * from the JSON converter with {@code schemas.enable=false}).
 *
 * <p>A <em>change event</em> has an {@code op} field and a {@code before} or {@code after} field. A
 * <em>schema-change event</em> (on the schema-change topic) has {@code ddl} or {@code
 * tableChanges}. Anything else (heartbeats, plain rows) is {@link Kind#OTHER}.
 */
public final class Envelope {

  /** What a record value is. */
  public enum Kind {
    CHANGE,
    SCHEMA_CHANGE,
    OTHER
  }

  public static final String BEFORE = "before";
  public static final String AFTER = "after";
  public static final String SOURCE = "source";
  public static final String OP = "op";
  public static final String TS_MS = "ts_ms";

  private Envelope() {}

  /** Classifies a value by its schema (when present) or its map keys. */
  public static Kind classify(Schema schema, Object value) {
    if (value instanceof Struct s) {
      return classify(s.schema());
    }
    if (schema != null && schema.type() == Schema.Type.STRUCT) {
      return classify(schema);
    }
    if (value instanceof Map<?, ?> m) {
      if (m.containsKey(OP) && (m.containsKey(AFTER) || m.containsKey(BEFORE))) {
        return Kind.CHANGE;
      }
      if (m.containsKey("ddl") || m.containsKey("tableChanges")) {
        return Kind.SCHEMA_CHANGE;
      }
    }
    return Kind.OTHER;
  }

  /** Classifies a struct schema by its fields. */
  public static Kind classify(Schema schema) {
    if (schema.type() != Schema.Type.STRUCT) {
      return Kind.OTHER;
    }
    if (schema.field(OP) != null && (schema.field(AFTER) != null || schema.field(BEFORE) != null)) {
      return Kind.CHANGE;
    }
    if (schema.field("ddl") != null || schema.field("tableChanges") != null) {
      return Kind.SCHEMA_CHANGE;
    }
    return Kind.OTHER;
  }

  /** A top-level field of a Struct or Map value, null when absent. */
  public static Object field(Object value, String name) {
    if (value instanceof Struct s) {
      Field f = s.schema().field(name);
      return f == null ? null : Structs.get(s, f);
    }
    if (value instanceof Map<?, ?> m) {
      return m.get(name);
    }
    return null;
  }

  /** The operation of a change event. */
  public static Operation operation(Object value) {
    return Operation.fromCode(field(value, OP));
  }

  /** The row image: {@code after}, or {@code before} for deletes. */
  public static Object row(Object value, Operation op) {
    return field(value, op == Operation.DELETE ? BEFORE : AFTER);
  }

  /** A field of the {@code source} block, null when absent. */
  public static Object source(Object value, String name) {
    return field(field(value, SOURCE), name);
  }

  /**
   * Whether the event comes from a snapshot: {@code op=r}, or {@code source.snapshot} set and not
   * {@code false}.
   */
  public static boolean isSnapshot(Object value, Operation op) {
    if (op == Operation.READ) {
      return true;
    }
    Object snapshot = source(value, "snapshot");
    if (snapshot instanceof Boolean b) {
      return b;
    }
    return snapshot instanceof String s && !s.isEmpty() && !"false".equals(s);
  }
}
