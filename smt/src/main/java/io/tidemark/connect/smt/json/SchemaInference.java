package io.tidemark.connect.smt.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Infers a Connect schema from a value produced by {@link JsonReader} and converts the value to it.
 * Every inferred schema is optional.
 *
 * <ul>
 *   <li>object: struct, fields in document order;
 *   <li>string: string; boolean: boolean; integer: int64; other numbers (and integers beyond 64
 *       bits): float64; null: string (the value stays null);
 *   <li>array: array of the elements' common schema. int64 and float64 give float64; structs merge
 *       (union of fields, first-seen order); arrays merge element-wise; nulls fit anything.
 *       Elements that do not fit one schema (e.g. numbers and objects) become strings holding their
 *       JSON text. An empty array is an array of strings.
 * </ul>
 */
public final class SchemaInference {

  /** A schema and a value of it. */
  public record Result(Schema schema, Object value) {}

  private SchemaInference() {}

  public static Result infer(Object json) {
    Schema schema = schemaOf(json);
    return new Result(schema, convert(json, schema));
  }

  static Schema schemaOf(Object v) {
    if (v instanceof Map<?, ?> m) {
      SchemaBuilder b = SchemaBuilder.struct().optional();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.field((String) e.getKey(), schemaOf(e.getValue()));
      }
      return b.build();
    }
    if (v instanceof List<?> l) {
      Schema element = null;
      for (Object e : l) {
        if (e == null) {
          continue;
        }
        Schema s = schemaOf(e);
        element = element == null ? s : unify(element, s);
      }
      return SchemaBuilder.array(element == null ? Schema.OPTIONAL_STRING_SCHEMA : element)
          .optional()
          .build();
    }
    if (v instanceof Boolean) {
      return Schema.OPTIONAL_BOOLEAN_SCHEMA;
    }
    if (v instanceof Long) {
      return Schema.OPTIONAL_INT64_SCHEMA;
    }
    if (v instanceof Double || v instanceof BigDecimal) {
      return Schema.OPTIONAL_FLOAT64_SCHEMA;
    }
    return Schema.OPTIONAL_STRING_SCHEMA;
  }

  /** The common schema of two inferred schemas; STRING when they do not fit together. */
  static Schema unify(Schema a, Schema b) {
    if (a.equals(b)) {
      return a;
    }
    Schema.Type ta = a.type();
    Schema.Type tb = b.type();
    if ((ta == Schema.Type.INT64 && tb == Schema.Type.FLOAT64)
        || (ta == Schema.Type.FLOAT64 && tb == Schema.Type.INT64)) {
      return Schema.OPTIONAL_FLOAT64_SCHEMA;
    }
    if (ta == Schema.Type.STRUCT && tb == Schema.Type.STRUCT) {
      Map<String, Schema> fields = new LinkedHashMap<>();
      for (Field f : a.fields()) {
        fields.put(f.name(), f.schema());
      }
      for (Field f : b.fields()) {
        fields.merge(f.name(), f.schema(), SchemaInference::unify);
      }
      SchemaBuilder sb = SchemaBuilder.struct().optional();
      fields.forEach(sb::field);
      return sb.build();
    }
    if (ta == Schema.Type.ARRAY && tb == Schema.Type.ARRAY) {
      return SchemaBuilder.array(unify(a.valueSchema(), b.valueSchema())).optional().build();
    }
    return Schema.OPTIONAL_STRING_SCHEMA;
  }

  static Object convert(Object v, Schema schema) {
    if (v == null) {
      return null;
    }
    switch (schema.type()) {
      case STRUCT:
        {
          Map<?, ?> m = (Map<?, ?>) v;
          Struct s = new Struct(schema);
          for (Field f : schema.fields()) {
            s.put(f, convert(m.get(f.name()), f.schema()));
          }
          return s;
        }
      case ARRAY:
        {
          List<?> l = (List<?>) v;
          List<Object> out = new ArrayList<>(l.size());
          for (Object e : l) {
            out.add(convert(e, schema.valueSchema()));
          }
          return out;
        }
      case FLOAT64:
        return ((Number) v).doubleValue();
      case STRING:
        return v instanceof String ? v : JsonReader.write(v);
      default:
        return v;
    }
  }
}
