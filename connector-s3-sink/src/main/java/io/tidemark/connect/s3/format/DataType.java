package io.tidemark.connect.s3.format;

import java.util.List;
import java.util.Objects;

/**
 * A column type of the neutral row model that every format writer understands.
 *
 * <p>Values held in a {@link Row} are normalised per kind: {@code BOOLEAN} Boolean, {@code INT32}
 * Integer, {@code INT64} Long, {@code FLOAT32} Float, {@code FLOAT64} Double, {@code STRING} and
 * {@code JSON} String, {@code BYTES} byte[], {@code DATE} Integer days since 1970-01-01, {@code
 * TIME_MILLIS} Integer ms of day, {@code TIME_MICROS} Long µs of day, {@code TIMESTAMP_MILLIS} Long
 * ms since the epoch (UTC), {@code TIMESTAMP_MICROS} Long µs since the epoch (UTC), {@code DECIMAL}
 * BigDecimal with exactly {@link #scale()}, {@code STRUCT} {@link Row}, {@code ARRAY} List, {@code
 * MAP} Map with String keys. {@code NULL} only occurs in inferred schemas (a value that was null
 * everywhere it was seen).
 */
public final class DataType {

  /** The kinds of column. */
  public enum Kind {
    NULL,
    BOOLEAN,
    INT32,
    INT64,
    FLOAT32,
    FLOAT64,
    STRING,
    JSON,
    BYTES,
    DATE,
    TIME_MILLIS,
    TIME_MICROS,
    TIMESTAMP_MILLIS,
    TIMESTAMP_MICROS,
    DECIMAL,
    STRUCT,
    ARRAY,
    MAP
  }

  /** Largest decimal precision the formats and Athena accept. */
  public static final int MAX_DECIMAL_PRECISION = 38;

  private static final DataType[] PRIMITIVES = new DataType[Kind.values().length];

  static {
    for (Kind k : Kind.values()) {
      if (k != Kind.DECIMAL && k != Kind.STRUCT && k != Kind.ARRAY && k != Kind.MAP) {
        PRIMITIVES[k.ordinal()] = new DataType(k, 0, 0, List.of(), null);
      }
    }
  }

  private final Kind kind;
  private final int precision;
  private final int scale;
  private final List<Field> fields;
  private final DataType element;
  // Derived once (types are immutable): schemaless records build a type per record.
  private String text;
  private java.util.Map<String, Field> byName;

  private DataType(Kind kind, int precision, int scale, List<Field> fields, DataType element) {
    this.kind = kind;
    this.precision = precision;
    this.scale = scale;
    this.fields = List.copyOf(fields);
    this.element = element;
  }

  /** A type without parameters. */
  public static DataType of(Kind kind) {
    DataType t = PRIMITIVES[kind.ordinal()];
    if (t == null) {
      throw new IllegalArgumentException(kind + " needs parameters");
    }
    return t;
  }

  public static DataType decimal(int precision, int scale) {
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
      throw new IllegalArgumentException(
          "decimal("
              + precision
              + ","
              + scale
              + ") is outside 1 <= precision <= 38, 0 <= scale <= precision");
    }
    return new DataType(Kind.DECIMAL, precision, scale, List.of(), null);
  }

  public static DataType struct(List<Field> fields) {
    return new DataType(Kind.STRUCT, 0, 0, fields, null);
  }

  public static DataType array(DataType element) {
    return new DataType(Kind.ARRAY, 0, 0, List.of(), Objects.requireNonNull(element));
  }

  /** A map from strings to {@code value}. */
  public static DataType map(DataType value) {
    return new DataType(Kind.MAP, 0, 0, List.of(), Objects.requireNonNull(value));
  }

  public Kind kind() {
    return kind;
  }

  public int precision() {
    return precision;
  }

  public int scale() {
    return scale;
  }

  /** Fields of a STRUCT, in order. */
  public List<Field> fields() {
    return fields;
  }

  /** Element type of an ARRAY, value type of a MAP. */
  public DataType element() {
    return element;
  }

  public boolean isNested() {
    return kind == Kind.STRUCT || kind == Kind.ARRAY || kind == Kind.MAP;
  }

  /** The field named {@code name} of a STRUCT, or null. */
  public Field field(String name) {
    if (fields.size() <= 8) {
      for (Field f : fields) {
        if (f.name().equals(name)) {
          return f;
        }
      }
      return null;
    }
    if (byName == null) {
      java.util.Map<String, Field> map = new java.util.HashMap<>();
      for (Field f : fields) {
        map.putIfAbsent(f.name(), f);
      }
      byName = map;
    }
    return byName.get(name);
  }

  /** A canonical text form, the input of schema fingerprints. */
  @Override
  public String toString() {
    if (text == null) {
      text = canonicalText();
    }
    return text;
  }

  private String canonicalText() {
    switch (kind) {
      case DECIMAL:
        return "decimal(" + precision + "," + scale + ")";
      case ARRAY:
        return "array<" + element + ">";
      case MAP:
        return "map<string," + element + ">";
      case STRUCT:
        StringBuilder sb = new StringBuilder("struct<");
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          sb.append(fields.get(i));
        }
        return sb.append('>').toString();
      default:
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DataType)) {
      return false;
    }
    DataType t = (DataType) o;
    return kind == t.kind
        && precision == t.precision
        && scale == t.scale
        && fields.equals(t.fields)
        && Objects.equals(element, t.element);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, precision, scale, fields, element);
  }
}
