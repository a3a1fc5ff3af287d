package io.tidemark.connect.s3.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.connect.s3.format.DataType.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.DataException;

/**
 * Infers a schema for schemaless values (JSON-like maps) and normalises them into rows.
 *
 * <p>Rules (README "Schemaless records"): struct fields are sorted by name, so key order in the
 * source never changes the shape; every inferred field is optional; all integers widen to INT64,
 * all floating point numbers to FLOAT64; BigDecimal becomes exact STRING text; a list whose
 * elements disagree (or any other conflict) becomes a JSON text column; a value that is null
 * everywhere is NULL, which a file resolves to STRING.
 *
 * <p>A file is opened with {@link #forFile(RowSchema)} of the first record's inferred schema; a
 * later record may go into the same file when {@link #covers(DataType, DataType)} holds, and
 * otherwise the caller rotates (a new shape starts a new file).
 *
 * <p>Records of one topic mostly repeat one shape, so each map position in the value tree remembers
 * the last shape it saw ({@link Shape}): a map with the same keys in the same iteration order and
 * values of the same types reuses that shape's name order and types instead of sorting and building
 * them again. One instance serves one task thread (it is not thread-safe).
 */
public final class SchemalessConverter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DataType STRING = DataType.of(Kind.STRING);
  private static final DataType INT64 = DataType.of(Kind.INT64);

  private final Shape root = new Shape();

  /** The inferred schema and normalised row of one schemaless value. */
  public record Inferred(RowSchema schema, Row row) {}

  /** Infers a non-null value: a Map becomes one column per key, anything else a "value" column. */
  public Inferred infer(Object value) {
    if (value instanceof Map) {
      Normalised n = normaliseMap((Map<?, ?>) value, root);
      if (root.schema == null) {
        root.schema = new RowSchema(n.type.fields());
      }
      return new Inferred(root.schema, (Row) n.value);
    }
    Normalised n;
    try {
      n = normalise(value, null);
    } catch (Utf16.LoneSurrogate e) {
      throw e.under(ConnectRowConverter.VALUE_COLUMN);
    }
    return new Inferred(
        new RowSchema(List.of(Field.optional(ConnectRowConverter.VALUE_COLUMN, n.type))),
        new Row().put(ConnectRowConverter.VALUE_COLUMN, n.value));
  }

  /** The schema a new file uses for records of {@code inferred}: NULL resolved to STRING. */
  public static RowSchema forFile(RowSchema inferred) {
    return new RowSchema(resolveNulls(inferred.asStruct()).fields());
  }

  /** True when a record of shape {@code record} can be written to a file of {@code file} type. */
  public static boolean covers(DataType file, DataType record) {
    if (record.kind() == Kind.NULL) {
      return true;
    }
    if (file.kind() != record.kind()) {
      return false;
    }
    switch (record.kind()) {
      case STRUCT:
        for (Field f : record.fields()) {
          Field ff = file.field(f.name());
          if (ff == null || !covers(ff.type(), f.type())) {
            return false;
          }
        }
        return true;
      case ARRAY:
      case MAP:
        return covers(file.element(), record.element());
      default:
        return file.equals(record);
    }
  }

  /** {@link #covers(DataType, DataType)} for whole row schemas. */
  public static boolean covers(RowSchema file, RowSchema record) {
    return covers(file.asStruct(), record.asStruct());
  }

  private static DataType resolveNulls(DataType t) {
    switch (t.kind()) {
      case NULL:
        return DataType.of(Kind.STRING);
      case ARRAY:
        return DataType.array(resolveNulls(t.element()));
      case MAP:
        return DataType.map(resolveNulls(t.element()));
      case STRUCT:
        List<Field> fs = new ArrayList<>();
        for (Field f : t.fields()) {
          fs.add(new Field(f.name(), resolveNulls(f.type()), true));
        }
        return DataType.struct(fs);
      default:
        return t;
    }
  }

  private record Normalised(DataType type, Object value) {}

  /** {@code shape}: the shape remembered for this position in the value tree, null for none. */
  private Normalised normalise(Object v, Shape shape) {
    if (v == null) {
      return new Normalised(DataType.of(Kind.NULL), null);
    }
    // The common JSON values first: this runs for every field of every schemaless record.
    if (v instanceof String) {
      return new Normalised(STRING, Utf16.wellFormed((String) v, ""));
    }
    if (v instanceof Long || v instanceof Integer) {
      return new Normalised(INT64, ((Number) v).longValue());
    }
    if (v instanceof Boolean) {
      return new Normalised(DataType.of(Kind.BOOLEAN), v);
    }
    if (v instanceof Byte || v instanceof Short) {
      return new Normalised(INT64, ((Number) v).longValue());
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.bitLength() < 64
          ? new Normalised(DataType.of(Kind.INT64), b.longValue())
          : new Normalised(DataType.of(Kind.STRING), b.toString());
    }
    if (v instanceof Float || v instanceof Double) {
      return new Normalised(DataType.of(Kind.FLOAT64), ((Number) v).doubleValue());
    }
    if (v instanceof BigDecimal) {
      return new Normalised(DataType.of(Kind.STRING), ((BigDecimal) v).toPlainString());
    }
    if (v instanceof CharSequence || v instanceof Character) {
      return new Normalised(DataType.of(Kind.STRING), Utf16.wellFormed(v.toString(), ""));
    }
    if (v instanceof byte[]) {
      return new Normalised(DataType.of(Kind.BYTES), v);
    }
    if (v instanceof ByteBuffer) {
      ByteBuffer b = ((ByteBuffer) v).duplicate();
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return new Normalised(DataType.of(Kind.BYTES), out);
    }
    if (v instanceof java.util.Date) {
      return new Normalised(DataType.of(Kind.TIMESTAMP_MILLIS), ((java.util.Date) v).getTime());
    }
    if (v instanceof Map) {
      return normaliseMap((Map<?, ?>) v, shape == null ? new Shape() : shape);
    }
    if (v instanceof List) {
      List<?> in = (List<?>) v;
      List<Normalised> elements = new ArrayList<>(in.size());
      DataType element = DataType.of(Kind.NULL);
      for (Object e : in) {
        Normalised n;
        try {
          n = normalise(e, null);
        } catch (Utf16.LoneSurrogate ls) {
          throw ls.under("[]");
        }
        elements.add(n);
        element = merge(element, n.type);
        if (element == null) {
          return asJson(v);
        }
      }
      // Struct elements of different shapes share the merged type: a row reads a missing field
      // as null, so the values need no second pass.
      List<Object> out = new ArrayList<>(elements.size());
      for (Normalised n : elements) {
        out.add(n.value);
      }
      return new Normalised(DataType.array(element), out);
    }
    throw new DataException("Unsupported schemaless value of class " + v.getClass().getName());
  }

  /** A map becomes a struct of its keys in name order; {@code shape} is reused when it matches. */
  private Normalised normaliseMap(Map<?, ?> map, Shape shape) {
    int size = map.size();
    String[] keys = new String[size];
    Normalised[] values = new Normalised[size];
    boolean same = shape.keys != null && shape.keys.length == size;
    int i = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = e.getKey() instanceof String ? (String) e.getKey() : String.valueOf(e.getKey());
      keys[i] = key;
      same = same && key.equals(shape.keys[i]);
      Normalised n;
      try {
        n = normalise(e.getValue(), e.getValue() instanceof Map ? shape.child(key) : null);
      } catch (Utf16.LoneSurrogate ls) {
        throw ls.under(key);
      }
      values[i] = n;
      same = same && (n.type == shape.types[i] || n.type.equals(shape.types[i]));
      i++;
    }
    if (!same) {
      shape.learn(keys, values);
    }
    Row row = new Row();
    for (int k : shape.nameOrder) {
      row.put(keys[k], values[k].value);
    }
    return new Normalised(shape.struct, row);
  }

  /**
   * The last shape of the maps at one position in the value tree: their keys in iteration order,
   * that order sorted by name, each key's value type and the struct type they make; and the shapes
   * below it by key (kept when this one changes, e.g. when {@code before} turns from null to a
   * row).
   */
  private static final class Shape {
    // Maps with arbitrary keys (ids as keys) would grow the children without end.
    private static final int MAX_CHILDREN = 1024;

    String[] keys;
    int[] nameOrder;
    DataType[] types;
    DataType struct;
    // Only the root's is used: the RowSchema of struct, built once per learnt shape.
    RowSchema schema;
    private final Map<String, Shape> children = new HashMap<>();

    Shape child(String key) {
      Shape child = children.get(key);
      if (child == null) {
        if (children.size() >= MAX_CHILDREN) {
          children.clear();
        }
        child = new Shape();
        children.put(key, child);
      }
      return child;
    }

    void learn(String[] newKeys, Normalised[] values) {
      Integer[] order = new Integer[newKeys.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> newKeys[a].compareTo(newKeys[b]));
      List<Field> fields = new ArrayList<>(newKeys.length);
      int[] sorted = new int[newKeys.length];
      DataType[] newTypes = new DataType[newKeys.length];
      for (int k = 0; k < order.length; k++) {
        String key = newKeys[order[k]];
        if (k > 0 && key.equals(newKeys[order[k - 1]])) {
          throw new DataException("Map has two keys that both read as '" + key + "'");
        }
        sorted[k] = order[k];
        fields.add(Field.optional(key, values[order[k]].type));
      }
      for (int i = 0; i < newKeys.length; i++) {
        newTypes[i] = values[i].type;
      }
      keys = newKeys.clone();
      nameOrder = sorted;
      types = newTypes;
      struct = DataType.struct(fields);
      schema = null;
    }
  }

  /** The common type of two inferred types, or null when they conflict. */
  static DataType merge(DataType a, DataType b) {
    if (a.kind() == Kind.NULL) {
      return b;
    }
    if (b.kind() == Kind.NULL || a.equals(b)) {
      return a;
    }
    if (a.kind() != b.kind()) {
      return null;
    }
    switch (a.kind()) {
      case STRUCT:
        {
          TreeMap<String, DataType> fields = new TreeMap<>();
          for (Field f : a.fields()) {
            fields.put(f.name(), f.type());
          }
          for (Field f : b.fields()) {
            DataType prev = fields.get(f.name());
            DataType m = prev == null ? f.type() : merge(prev, f.type());
            if (m == null) {
              return null;
            }
            fields.put(f.name(), m);
          }
          List<Field> out = new ArrayList<>();
          fields.forEach((n, t) -> out.add(Field.optional(n, t)));
          return DataType.struct(out);
        }
      case ARRAY:
        {
          DataType e = merge(a.element(), b.element());
          return e == null ? null : DataType.array(e);
        }
      default:
        return null;
    }
  }

  private static Normalised asJson(Object v) {
    try {
      return new Normalised(DataType.of(Kind.JSON), JSON.writeValueAsString(v));
    } catch (JsonProcessingException e) {
      throw new DataException("Value cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
