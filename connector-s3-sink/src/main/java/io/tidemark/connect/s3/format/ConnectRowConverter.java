package io.tidemark.connect.s3.format;

import io.tidemark.connect.s3.format.DataType.Kind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Converts Connect values that carry a {@link Schema} into the neutral row model, mapping Connect
 * and Debezium logical types onto {@link DataType} kinds (see README "Logical types").
 *
 * <p>A non-struct top-level value becomes a single column named {@value #VALUE_COLUMN}.
 */
public final class ConnectRowConverter {

  public static final String VALUE_COLUMN = "value";

  static final String CONNECT_DECIMAL_PRECISION = "connect.decimal.precision";

  /**
   * {@code io.debezium.data.VariableScaleDecimal} is written as exact text unless a scale is set.
   */
  private final Integer variableScaleDecimalScale;

  private final Map<Schema, RowSchema> schemaCache = new ConcurrentHashMap<>();

  /**
   * @param variableScaleDecimalScale null to write VariableScaleDecimal as a STRING of its exact
   *     value; otherwise the scale of a DECIMAL(38, scale) column (a value that would need rounding
   *     is a bad record)
   */
  public ConnectRowConverter(Integer variableScaleDecimalScale) {
    this.variableScaleDecimalScale = variableScaleDecimalScale;
  }

  /** The row schema of records whose value has {@code schema}. */
  public RowSchema schemaOf(Schema schema) {
    return schemaCache.computeIfAbsent(
        schema,
        s -> {
          if (isPlainStruct(s)) {
            List<Field> fields = new ArrayList<>();
            for (org.apache.kafka.connect.data.Field f : s.fields()) {
              fields.add(new Field(f.name(), typeOf(f.schema()), f.schema().isOptional()));
            }
            return new RowSchema(fields);
          }
          return new RowSchema(List.of(new Field(VALUE_COLUMN, typeOf(s), s.isOptional())));
        });
  }

  /** The row of a non-null {@code value} of {@code schema}. */
  public Row toRow(Schema schema, Object value) {
    Objects.requireNonNull(value, "value");
    if (isPlainStruct(schema)) {
      return (Row) convert(schema, value, "");
    }
    return new Row().put(VALUE_COLUMN, convert(schema, value, VALUE_COLUMN));
  }

  private static boolean isPlainStruct(Schema s) {
    return s.type() == Schema.Type.STRUCT && !LogicalTypes.VARIABLE_SCALE_DECIMAL.equals(s.name());
  }

  DataType typeOf(Schema s) {
    String name = s.name();
    if (name != null) {
      DataType logical = logicalType(s, name);
      if (logical != null) {
        return logical;
      }
    }
    switch (s.type()) {
      case BOOLEAN:
        return DataType.of(Kind.BOOLEAN);
      case INT8:
      case INT16:
      case INT32:
        return DataType.of(Kind.INT32);
      case INT64:
        return DataType.of(Kind.INT64);
      case FLOAT32:
        return DataType.of(Kind.FLOAT32);
      case FLOAT64:
        return DataType.of(Kind.FLOAT64);
      case STRING:
        return DataType.of(Kind.STRING);
      case BYTES:
        return DataType.of(Kind.BYTES);
      case ARRAY:
        return DataType.array(typeOf(s.valueSchema()));
      case MAP:
        return DataType.map(typeOf(s.valueSchema()));
      case STRUCT:
        List<Field> fields = new ArrayList<>();
        for (org.apache.kafka.connect.data.Field f : s.fields()) {
          fields.add(new Field(f.name(), typeOf(f.schema()), f.schema().isOptional()));
        }
        return DataType.struct(fields);
      default:
        throw new DataException("Unsupported Connect type " + s.type());
    }
  }

  private DataType logicalType(Schema s, String name) {
    switch (name) {
      case LogicalTypes.CONNECT_DATE:
      case LogicalTypes.DEBEZIUM_DATE:
        return DataType.of(Kind.DATE);
      case LogicalTypes.CONNECT_TIME:
      case LogicalTypes.DEBEZIUM_TIME:
        return DataType.of(Kind.TIME_MILLIS);
      case LogicalTypes.DEBEZIUM_MICRO_TIME:
      case LogicalTypes.DEBEZIUM_NANO_TIME:
        return DataType.of(Kind.TIME_MICROS);
      case LogicalTypes.CONNECT_TIMESTAMP:
      case LogicalTypes.DEBEZIUM_TIMESTAMP:
        return DataType.of(Kind.TIMESTAMP_MILLIS);
      case LogicalTypes.DEBEZIUM_MICRO_TIMESTAMP:
      case LogicalTypes.DEBEZIUM_NANO_TIMESTAMP:
      case LogicalTypes.DEBEZIUM_ZONED_TIMESTAMP:
        return DataType.of(Kind.TIMESTAMP_MICROS);
      case LogicalTypes.CONNECT_DECIMAL:
        {
          int scale = Integer.parseInt(param(s, "scale", "0"));
          int precision =
              Integer.parseInt(
                  param(
                      s,
                      CONNECT_DECIMAL_PRECISION,
                      String.valueOf(DataType.MAX_DECIMAL_PRECISION)));
          if (precision > DataType.MAX_DECIMAL_PRECISION || scale > precision || scale < 0) {
            return DataType.of(Kind.STRING);
          }
          return DataType.decimal(precision, scale);
        }
      case LogicalTypes.VARIABLE_SCALE_DECIMAL:
        return variableScaleDecimalScale == null
            ? DataType.of(Kind.STRING)
            : DataType.decimal(DataType.MAX_DECIMAL_PRECISION, variableScaleDecimalScale);
      case LogicalTypes.DEBEZIUM_JSON:
        return DataType.of(Kind.JSON);
      default:
        return null;
    }
  }

  private static String param(Schema s, String key, String dflt) {
    Map<String, String> params = s.parameters();
    return params != null && params.get(key) != null ? params.get(key) : dflt;
  }

  private Object convert(Schema s, Object v, String path) {
    if (v == null) {
      return null;
    }
    DataType type = typeOf(s);
    try {
      return convertValue(s, type, v, path);
    } catch (ClassCastException | ArithmeticException | DateTimeParseException e) {
      throw new DataException(
          "Field '"
              + path
              + "' of type "
              + type
              + " cannot hold a "
              + v.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private Object convertValue(Schema s, DataType type, Object v, String path) {
    switch (type.kind()) {
      case BOOLEAN:
        return (Boolean) v;
      case INT32:
        return ((Number) v).intValue();
      case INT64:
        return ((Number) v).longValue();
      case FLOAT32:
        return ((Number) v).floatValue();
      case FLOAT64:
        return ((Number) v).doubleValue();
      case STRING:
        if (LogicalTypes.VARIABLE_SCALE_DECIMAL.equals(s.name())) {
          return variableScaleDecimal((Struct) v).toPlainString();
        }
        if (v instanceof BigDecimal) {
          return ((BigDecimal) v).toPlainString();
        }
        return Utf16.wellFormed(v.toString(), path);
      case JSON:
        return Utf16.wellFormed(v.toString(), path);
      case BYTES:
        return LogicalTypes.DEBEZIUM_BITS.equals(s.name()) ? mysqlBitOrder(bytes(v)) : bytes(v);
      case DATE:
        return v instanceof java.util.Date
            ? (int) Math.floorDiv(((java.util.Date) v).getTime(), 86_400_000L)
            : ((Number) v).intValue();
      case TIME_MILLIS:
        return v instanceof java.util.Date
            ? (int) Math.floorMod(((java.util.Date) v).getTime(), 86_400_000L)
            : ((Number) v).intValue();
      case TIME_MICROS:
        return LogicalTypes.DEBEZIUM_NANO_TIME.equals(s.name())
            ? Math.floorDiv(((Number) v).longValue(), 1000L)
            : ((Number) v).longValue();
      case TIMESTAMP_MILLIS:
        return v instanceof java.util.Date
            ? ((java.util.Date) v).getTime()
            : ((Number) v).longValue();
      case TIMESTAMP_MICROS:
        return timestampMicros(s.name(), v);
      case DECIMAL:
        BigDecimal d =
            LogicalTypes.VARIABLE_SCALE_DECIMAL.equals(s.name())
                ? variableScaleDecimal((Struct) v)
                : (BigDecimal) v;
        return checkedDecimal(d, type, path);
      case ARRAY:
        {
          List<?> in = (List<?>) v;
          List<Object> out = new ArrayList<>(in.size());
          for (Object e : in) {
            out.add(convert(s.valueSchema(), e, path + "[]"));
          }
          return out;
        }
      case MAP:
        {
          Map<?, ?> in = (Map<?, ?>) v;
          Map<String, Object> out = new LinkedHashMap<>();
          for (Map.Entry<?, ?> e : in.entrySet()) {
            out.put(
                String.valueOf(e.getKey()), convert(s.valueSchema(), e.getValue(), path + "{}"));
          }
          return out;
        }
      case STRUCT:
        {
          Struct struct = (Struct) v;
          Row row = new Row();
          for (org.apache.kafka.connect.data.Field f : s.fields()) {
            String p = path.isEmpty() ? f.name() : path + "." + f.name();
            // Not struct.get(f): it turns an explicit NULL into the field's default.
            Object value = struct.getWithoutDefault(f.name());
            if (value == null && !f.schema().isOptional()) {
              value = f.schema().defaultValue(); // a required field left unset
            }
            row.put(f.name(), convert(f.schema(), value, p));
          }
          return row;
        }
      default:
        throw new DataException("Unsupported type " + type + " at '" + path + "'");
    }
  }

  /**
   * Parquet's and Avro's TIME is a time of day; a MySQL TIME is a duration (-838:59:59 to
   * 838:59:59). One outside [00:00, 24:00) cannot be written there without changing it: a bad
   * record naming the column, never a silently wrong value. Text formats print any duration.
   */
  static void checkedTimeOfDay(DataType type, Object v, String path) {
    long perDay;
    if (type.kind() == DataType.Kind.TIME_MILLIS) {
      perDay = 86_400_000L;
    } else if (type.kind() == DataType.Kind.TIME_MICROS) {
      perDay = 86_400_000_000L;
    } else {
      return;
    }
    long t = ((Number) v).longValue();
    if (t < 0 || t >= perDay) {
      long micros = type.kind() == DataType.Kind.TIME_MILLIS ? t * 1000 : t;
      throw new DataException(
          "Field '"
              + path
              + "': TIME "
              + TextValues.duration(micros, 6)
              + " is not a time of day, which is all Parquet and Avro TIME hold; land MySQL TIME"
              + " durations as text (NormalizeTypes time.target=string, as the shipped configs"
              + " do) or use JSONL/CSV");
    }
  }

  static BigDecimal checkedDecimal(BigDecimal d, DataType type, String path) {
    BigDecimal scaled;
    try {
      scaled = d.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new DataException(
          "Field '"
              + path
              + "': "
              + d.toPlainString()
              + " does not fit "
              + type
              + " without rounding",
          e);
    }
    if (scaled.precision() > type.precision()) {
      throw new DataException(
          "Field '"
              + path
              + "': "
              + d.toPlainString()
              + " has more than "
              + type.precision()
              + " digits for "
              + type);
    }
    return scaled;
  }

  private static long timestampMicros(String name, Object v) {
    if (LogicalTypes.DEBEZIUM_NANO_TIMESTAMP.equals(name)) {
      return Math.floorDiv(((Number) v).longValue(), 1000L);
    }
    if (LogicalTypes.DEBEZIUM_ZONED_TIMESTAMP.equals(name)) {
      Instant i = OffsetDateTime.parse(v.toString()).toInstant();
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }
    return ((Number) v).longValue();
  }

  private static BigDecimal variableScaleDecimal(Struct s) {
    int scale = s.getInt32("scale");
    byte[] unscaled = bytes(s.get("value"));
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  /**
   * Debezium's Bits are little-endian (it reverses the binlog's bytes); MySQL's BIT is big-endian
   * ({@code HEX(b'0000000100000010')} is 0102): land MySQL's bytes.
   */
  private static byte[] mysqlBitOrder(byte[] littleEndian) {
    byte[] out = new byte[littleEndian.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = littleEndian[littleEndian.length - 1 - i];
    }
    return out;
  }

  private static byte[] bytes(Object v) {
    if (v instanceof byte[]) {
      return (byte[]) v;
    }
    ByteBuffer b = ((ByteBuffer) v).duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
