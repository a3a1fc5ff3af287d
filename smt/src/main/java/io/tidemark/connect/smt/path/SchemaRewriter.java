package io.tidemark.connect.smt.path;

import io.tidemark.connect.smt.util.Structs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Compiles a schema-wide {@link Rewrite} from a rule that is asked about every schema node (struct
 * fields, array elements, map keys and values), depth first. Untouched subtrees keep their schema
 * instances and values, so only what changes is copied.
 */
public final class SchemaRewriter {

  /** Decides about one schema node. */
  @FunctionalInterface
  public interface Rule {
    /**
     * A rewrite for the node at {@code path} (dot-separated field names from the root, empty for
     * the root; arrays and maps do not add segments), or {@code null} to leave the node itself
     * alone and descend into it.
     */
    Rewrite apply(String path, Schema schema);
  }

  /** Optionally renames the fields of a struct. */
  @FunctionalInterface
  public interface FieldNamer {
    /** Old name to new name for the fields of the struct at {@code path}, in field order. */
    Map<String, String> rename(String path, List<String> fieldNames);
  }

  private static final FieldNamer KEEP_NAMES = null;

  private SchemaRewriter() {}

  public static Rewrite compile(Schema schema, Rule rule) {
    return compile(schema, rule, KEEP_NAMES);
  }

  public static Rewrite compile(Schema schema, Rule rule, FieldNamer namer) {
    return node("", schema, rule, namer);
  }

  private static Rewrite node(String path, Schema schema, Rule rule, FieldNamer namer) {
    Rewrite r = rule.apply(path, schema);
    if (r != null) {
      return r;
    }
    switch (schema.type()) {
      case STRUCT:
        return struct(path, schema, rule, namer);
      case ARRAY:
        {
          Rewrite element = node(path, schema.valueSchema(), rule, namer);
          if (element.isIdentity()) {
            return Rewrite.identity(schema);
          }
          SchemaBuilder b = SchemaBuilder.array(element.schema());
          Schema out = finish(schema, b, null);
          return Rewrite.of(
              out,
              v -> {
                List<?> in = (List<?>) v;
                List<Object> copy = new ArrayList<>(in.size());
                for (Object e : in) {
                  copy.add(element.apply(e));
                }
                return copy;
              });
        }
      case MAP:
        {
          Rewrite key = node(path, schema.keySchema(), rule, namer);
          Rewrite value = node(path, schema.valueSchema(), rule, namer);
          if (key.isIdentity() && value.isIdentity()) {
            return Rewrite.identity(schema);
          }
          Schema out = finish(schema, SchemaBuilder.map(key.schema(), value.schema()), null);
          return Rewrite.of(
              out,
              v -> {
                Map<?, ?> in = (Map<?, ?>) v;
                Map<Object, Object> copy = new LinkedHashMap<>(in.size() * 2);
                in.forEach((k, e) -> copy.put(key.apply(k), value.apply(e)));
                return copy;
              });
        }
      default:
        return Rewrite.identity(schema);
    }
  }

  private static Rewrite struct(String path, Schema schema, Rule rule, FieldNamer namer) {
    List<Field> fields = schema.fields();
    Map<String, String> names = null;
    if (namer != null) {
      List<String> original = new ArrayList<>(fields.size());
      for (Field f : fields) {
        original.add(f.name());
      }
      names = namer.rename(path, original);
    }
    Rewrite[] children = new Rewrite[fields.size()];
    boolean changed = false;
    for (int i = 0; i < children.length; i++) {
      Field f = fields.get(i);
      children[i] =
          node(path.isEmpty() ? f.name() : path + "." + f.name(), f.schema(), rule, namer);
      changed |=
          !children[i].isIdentity() || (names != null && !names.get(f.name()).equals(f.name()));
    }
    if (!changed) {
      return Rewrite.identity(schema);
    }
    SchemaBuilder b = SchemaBuilder.struct();
    for (int i = 0; i < children.length; i++) {
      String name = names == null ? fields.get(i).name() : names.get(fields.get(i).name());
      b.field(name, children[i].schema());
    }
    Schema outNoDefault = finish(schema, b, null);
    Field[] inFields = fields.toArray(new Field[0]);
    Field[] outFields = outNoDefault.fields().toArray(new Field[0]);
    StructConverter converter = new StructConverter(outNoDefault, inFields, outFields, children);
    if (schema.defaultValue() == null) {
      return Rewrite.of(outNoDefault, converter);
    }
    // Rebuild with the converted default value; the converter targets the same field layout.
    SchemaBuilder withDefault = SchemaBuilder.struct();
    for (Field f : outNoDefault.fields()) {
      withDefault.field(f.name(), f.schema());
    }
    Schema out = finish(schema, withDefault, converter.apply(schema.defaultValue()));
    StructConverter finalConverter =
        new StructConverter(out, inFields, out.fields().toArray(new Field[0]), children);
    return Rewrite.of(out, finalConverter);
  }

  /**
   * Copies name, version, doc, parameters and optionality of {@code from}; sets {@code
   * defaultValue} if non-null.
   */
  public static Schema finish(Schema from, SchemaBuilder b, Object defaultValue) {
    if (from.name() != null) {
      b.name(from.name());
    }
    if (from.version() != null) {
      b.version(from.version());
    }
    if (from.doc() != null) {
      b.doc(from.doc());
    }
    if (from.parameters() != null && !from.parameters().isEmpty()) {
      b.parameters(new HashMap<>(from.parameters()));
    }
    if (from.isOptional()) {
      b.optional();
    }
    if (defaultValue != null) {
      b.defaultValue(defaultValue);
    }
    return b.build();
  }

  private static final class StructConverter implements java.util.function.UnaryOperator<Object> {
    private final Schema schema;
    private final Field[] in;
    private final Field[] out;
    private final Rewrite[] children;

    StructConverter(Schema schema, Field[] in, Field[] out, Rewrite[] children) {
      this.schema = schema;
      this.in = in;
      this.out = out;
      this.children = children;
    }

    @Override
    public Object apply(Object value) {
      if (!(value instanceof Struct s)) {
        throw new DataException("expected a Struct but found " + value.getClass().getSimpleName());
      }
      Struct result = new Struct(schema);
      for (int i = 0; i < in.length; i++) {
        result.put(out[i], children[i].apply(Structs.get(s, in[i])));
      }
      return result;
    }
  }
}
