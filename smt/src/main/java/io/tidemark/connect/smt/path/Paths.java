package io.tidemark.connect.smt.path;

import io.tidemark.connect.smt.util.Structs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/** Reading and copy-on-write updating of values at a {@link FieldPath}. Never mutates its input. */
public final class Paths {

  private Paths() {}

  /**
   * The value at {@code path} in a Struct or a Map, or {@code null} when absent. Arrays are not
   * crossed.
   */
  public static Object get(Object root, FieldPath path) {
    Object current = root;
    for (String segment : path.segments()) {
      if (current instanceof Struct s) {
        Field f = s.schema().field(segment);
        if (f == null) {
          return null;
        }
        current = Structs.get(s, f);
      } else if (current instanceof Map<?, ?> m) {
        current = m.get(segment);
      } else {
        return null;
      }
    }
    return current;
  }

  /** The schema at {@code path} (crossing struct fields only), or {@code null} when absent. */
  public static Schema schemaAt(Schema root, FieldPath path) {
    Schema current = root;
    for (String segment : path.segments()) {
      if (current == null || current.type() != Schema.Type.STRUCT) {
        return null;
      }
      Field f = current.field(segment);
      current = f == null ? null : f.schema();
    }
    return current;
  }

  /**
   * A copy of a schemaless value with {@code fn} applied to the value at {@code path}; maps along
   * the path are copied, lists are crossed element by element, everything else is shared. If the
   * path does not exist the input is returned as is. {@code fn} receives the (possibly null)
   * current value and the path text.
   */
  public static Object updateSchemaless(Object root, FieldPath path, UnaryOperator<Object> fn) {
    return update(root, path, 0, fn);
  }

  private static Object update(Object node, FieldPath path, int depth, UnaryOperator<Object> fn) {
    if (node instanceof Map<?, ?> m) {
      String segment = path.segment(depth);
      if (!m.containsKey(segment)) {
        return node;
      }
      Object child = m.get(segment);
      Object updated =
          depth == path.length() - 1 ? fn.apply(child) : update(child, path, depth + 1, fn);
      if (updated == child) {
        return node;
      }
      Map<Object, Object> copy = new LinkedHashMap<>(m);
      copy.put(segment, updated);
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      boolean changed = false;
      for (Object e : list) {
        Object u = update(e, path, depth, fn);
        changed |= u != e;
        copy.add(u);
      }
      return changed ? copy : node;
    }
    return node;
  }

  /**
   * The schema {@code root} with the field at {@code path} (structs only) given the schema {@code
   * leaf}.
   *
   * @throws DataException if the path does not lead through structs to an existing field
   */
  public static Schema replaceSchema(Schema root, FieldPath path, Schema leaf) {
    return replaceSchema(root, path, 0, leaf);
  }

  private static Schema replaceSchema(Schema node, FieldPath path, int depth, Schema leaf) {
    if (node.type() != Schema.Type.STRUCT) {
      throw new DataException(
          "field path '"
              + path
              + "': '"
              + path.segment(depth - 1)
              + "' is a "
              + node.type()
              + ", not a struct");
    }
    String segment = path.segment(depth);
    if (node.field(segment) == null) {
      throw new DataException("field path '" + path + "': no field '" + segment + "'");
    }
    SchemaBuilder b = SchemaBuilder.struct();
    for (Field f : node.fields()) {
      if (f.name().equals(segment)) {
        b.field(
            f.name(),
            depth == path.length() - 1 ? leaf : replaceSchema(f.schema(), path, depth + 1, leaf));
      } else {
        b.field(f.name(), f.schema());
      }
    }
    return SchemaRewriter.finish(node, b, null);
  }

  /**
   * A copy of {@code root} in {@code newRoot}'s schema (from {@link #replaceSchema}) with {@code
   * leafValue} at {@code path}.
   */
  public static Struct replace(Struct root, Schema newRoot, FieldPath path, Object leafValue) {
    return replace(root, newRoot, path, 0, leafValue);
  }

  private static Struct replace(
      Struct node, Schema schema, FieldPath path, int depth, Object leafValue) {
    Struct out = new Struct(schema);
    String segment = path.segment(depth);
    for (Field f : schema.fields()) {
      Object v = Structs.get(node, node.schema().field(f.name()));
      if (f.name().equals(segment)) {
        v =
            depth == path.length() - 1
                ? leafValue
                : v == null ? null : replace((Struct) v, f.schema(), path, depth + 1, leafValue);
      }
      out.put(f, v);
    }
    return out;
  }
}
