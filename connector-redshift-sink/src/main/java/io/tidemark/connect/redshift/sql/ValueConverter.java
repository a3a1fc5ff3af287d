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
        return LocalTime.ofNanoOfDay(
            Math.floorMod(((java.util.Date) value).getTime(), 86_400_000L) * 1_000_000L);
      case Timestamp.LOGICAL_NAME:
        return LocalDateTime.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC);
      case Debezium.DATE:
        return LocalDate.ofEpochDay(((Number) value).longValue());
      case Debezium.TIME:
        return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L);
      case Debezium.MICRO_TIME:
        return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000L);
      case Debezium.NANO_TIME:
        return LocalTime.ofNanoOfDay(((Number) value).longValue() / 1_000L * 1_000L);
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
      case Debezium.VARIABLE_SCALE_DECIMAL:
        {
          Struct s = (Struct) value;
          return new BigDecimal(new BigInteger(bytes(s.get("value"))), s.getInt32("scale"))
              .toPlainString();
        }
      default:
        return null;
    }
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
