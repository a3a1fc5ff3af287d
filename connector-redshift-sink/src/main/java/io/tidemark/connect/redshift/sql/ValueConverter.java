package io.tidemark.connect.redshift.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/** Connect values to the Java values {@link SqlLiterals} writes, following {@link TypeMapping}. */
public final class ValueConverter {

  private ValueConverter() {}

  public static Object toSql(Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    String name = schema.name();
    if (name != null) {
      Object logical = logical(schema, name, value);
      if (logical != null) {
        return logical;
      }
    }
    return switch (schema.type()) {
      case INT8 -> ((Byte) value).shortValue();
      case INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING -> value;
      case BYTES -> bytes(value);
      case ARRAY, MAP, STRUCT -> new SqlValue.Json(JsonText.write(schema, value));
    };
  }

  private static Object logical(Schema schema, String name, Object value) {
    switch (name) {
      case Decimal.LOGICAL_NAME:
        {
          BigDecimal d =
              value instanceof BigDecimal b ? b : Decimal.toLogical(schema, bytes(value));
          return TypeMapping.redshiftType(schema).startsWith("VARCHAR") ? d.toPlainString() : d;
        }
      case Date.LOGICAL_NAME:
        return LocalDate.ofEpochDay(Math.floorDiv(((java.util.Date) value).getTime(), 86_400_000L));
      case Time.LOGICAL_NAME:
        {
          long millis = ((java.util.Date) value).getTime();
          if (millis < 0 || millis >= 86_400_000L) {
            // Connect allows 86400000 (24:00:00); wrapping it to 00:00 would change the value.
            throw new DataException(
                "a Connect Time of " + millis + " ms is outside 00:00:00 to 23:59:59.999");
          }
          return LocalTime.ofNanoOfDay(millis * 1_000_000L);
        }
      case Timestamp.LOGICAL_NAME:
        return LocalDateTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
      case Debezium.DATE:
        return LocalDate.ofEpochDay(((Number) value).longValue());
      case Debezium.TIME:
        return durationText(((Number) value).longValue(), 1_000L);
      case Debezium.MICRO_TIME:
        return durationText(((Number) value).longValue(), 1_000_000L);
      case Debezium.NANO_TIME:
        return durationText(((Number) value).longValue(), 1_000_000_000L);
      case Debezium.TIMESTAMP:
        return utc(Instant.ofEpochMilli(((Number) value).longValue()));
      case Debezium.MICRO_TIMESTAMP:
        {
          long micros = ((Number) value).longValue();
          return utc(
              Instant.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
        }
      case Debezium.NANO_TIMESTAMP:
        {
          long nanos = ((Number) value).longValue();
          long micros = Math.floorDiv(nanos, 1_000L);
          return utc(
              Instant.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
        }
      case Debezium.ZONED_TIMESTAMP:
        try {
          return OffsetDateTime.parse((String) value).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
          throw new DataException("not an ISO-8601 zoned timestamp: '" + value + "'", e);
        }
      case Debezium.YEAR:
        return ((Number) value).shortValue();
      case Debezium.JSON:
        return new SqlValue.Json((String) value);
      case Debezium.BITS:
        return mysqlBitOrder(bytes(value), schema.parameters());
      case Debezium.VARIABLE_SCALE_DECIMAL:
        {
          Struct s = (Struct) value;
          return new BigDecimal(
                  new BigInteger(bytes(RowValues.value(s, s.schema().field("value")))),
                  (Integer) RowValues.value(s, s.schema().field("scale")))
              .toPlainString();
        }
      default:
        return null;
    }
  }

  /**
   * A Debezium TIME (a MySQL TIME is a duration: -838:59:59.000000 to 838:59:59.000000) as MySQL
   * writes it: {@code [-]HH:MM:SS.ffffff}, at least two hour digits, six fraction digits (nine when
   * a NanoTime has sub-microsecond digits). Exact for every value, unlike Redshift's TIME, which
   * holds one day only; see {@link TypeMapping#DURATION_TIME}.
   */
  static String durationText(long value, long unitsPerSecond) {
    boolean negative = value < 0;
    long abs = Math.absExact(value);
    long seconds = abs / unitsPerSecond;
    long nanos = (abs % unitsPerSecond) * (1_000_000_000L / unitsPerSecond);
    StringBuilder b = new StringBuilder(24);
    if (negative) {
      b.append('-');
    }
    long hours = seconds / 3600;
    if (hours < 10) {
      b.append('0');
    }
    b.append(hours).append(':');
    two(b, seconds / 60 % 60).append(':');
    two(b, seconds % 60).append('.');
    String fraction = String.format("%09d", nanos);
    b.append(nanos % 1_000L == 0 ? fraction.substring(0, 6) : fraction);
    return b.toString();
  }

  /**
   * Debezium's {@code Bits} bytes are little-endian (it reverses the big-endian bytes of MySQL's
   * binlog, and pads them to {@code ceil(length / 8)} bytes at the end): reversed back to MySQL's
   * own byte order, left-padded to {@code ceil(length / 8)} bytes, so the VARBYTE holds what {@code
   * HEX(col)} shows in MySQL ({@code b'0000000100000010'} -> {@code 0102}).
   */
  static byte[] mysqlBitOrder(byte[] littleEndian, java.util.Map<String, String> params) {
    int width = littleEndian.length;
    String length = params == null ? null : params.get("length");
    if (length != null) {
      try {
        width = Math.max(width, (Integer.parseInt(length.trim()) + 7) / 8);
      } catch (NumberFormatException e) {
        // no usable length: keep the bytes' own width
      }
    }
    byte[] bigEndian = new byte[width];
    for (int i = 0; i < littleEndian.length; i++) {
      bigEndian[width - 1 - i] = littleEndian[i];
    }
    return bigEndian;
  }

  private static StringBuilder two(StringBuilder b, long n) {
    return b.append(n < 10 ? "0" : "").append(n);
  }

  private static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static byte[] bytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] b = new byte[copy.remaining()];
      copy.get(b);
      return b;
    }
    throw new DataException("expected bytes, got " + value.getClass().getName());
  }
}
