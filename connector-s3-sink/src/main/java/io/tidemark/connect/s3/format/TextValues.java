package io.tidemark.connect.s3.format;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;

/**
 * How the text formats spell typed values. JSON lines: dates {@code 2026-11-21}, times {@code
 * 08:30:00.123456}, timestamps ISO-8601 UTC {@code 2026-11-21T08:30:00.123456Z}, decimals as plain
 * JSON numbers, bytes as base64. CSV uses the same spellings except timestamps, which follow Hive's
 * text format {@code 2026-11-21 08:30:00.123456} (UTC); nested values are JSON text.
 */
final class TextValues {

  private static final DateTimeFormatter HIVE_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO_MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private TextValues() {}

  static Instant instant(DataType.Kind kind, long v) {
    return kind == DataType.Kind.TIMESTAMP_MILLIS
        ? Instant.ofEpochMilli(v)
        : Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000);
  }

  /**
   * A time as MySQL prints a TIME, which is a duration (-838:59:59 to 838:59:59): sign, at least
   * two hour digits, minutes, seconds and {@code digits} of fraction ({@code -12:30:00.000000},
   * {@code 838:59:59.000000}); a time of day prints as before ({@code 08:15:00.123456}).
   */
  static String duration(long micros, int digits) {
    long abs = Math.abs(micros);
    long seconds = abs / 1_000_000L;
    String fraction = String.format("%06d", abs % 1_000_000L).substring(0, digits);
    return String.format(
        "%s%02d:%02d:%02d.%s",
        micros < 0 ? "-" : "", seconds / 3600, seconds / 60 % 60, seconds % 60, fraction);
  }

  /** A scalar value as text (null stays null); nested values go through JSON. */
  static String scalar(DataType type, Object v, boolean hiveTimestamps) {
    if (v == null) {
      return null;
    }
    switch (type.kind()) {
      case DATE:
        return LocalDate.ofEpochDay(((Number) v).longValue()).toString();
      case TIME_MILLIS:
        return duration(((Number) v).longValue() * 1_000L, 3);
      case TIME_MICROS:
        return duration(((Number) v).longValue(), 6);
      case TIMESTAMP_MILLIS:
      case TIMESTAMP_MICROS:
        {
          Instant i = instant(type.kind(), ((Number) v).longValue());
          if (hiveTimestamps) {
            return HIVE_TIMESTAMP.format(i);
          }
          return (type.kind() == DataType.Kind.TIMESTAMP_MILLIS ? ISO_MILLIS : ISO_MICROS)
              .format(i);
        }
      case DECIMAL:
        return ((BigDecimal) v).toPlainString();
      case BYTES:
        return Base64.getEncoder().encodeToString((byte[]) v);
      default:
        return v.toString();
    }
  }

  /** Writes a value of {@code type} as JSON. */
  static void writeJson(JsonGenerator g, DataType type, Object v, boolean hiveTimestamps)
      throws IOException {
    if (v == null) {
      g.writeNull();
      return;
    }
    switch (type.kind()) {
      case BOOLEAN:
        g.writeBoolean((Boolean) v);
        return;
      case INT32:
        g.writeNumber(((Number) v).intValue());
        return;
      case INT64:
        g.writeNumber(((Number) v).longValue());
        return;
      case FLOAT32:
        g.writeNumber(((Number) v).floatValue());
        return;
      case FLOAT64:
        g.writeNumber(((Number) v).doubleValue());
        return;
      case DECIMAL:
        g.writeNumber(((BigDecimal) v).toPlainString());
        return;
      case STRUCT:
        writeRow(g, type.fields(), (Row) v, hiveTimestamps);
        return;
      case ARRAY:
        g.writeStartArray();
        for (Object e : (List<?>) v) {
          writeJson(g, type.element(), e, hiveTimestamps);
        }
        g.writeEndArray();
        return;
      case MAP:
        g.writeStartObject();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          g.writeFieldName(String.valueOf(e.getKey()));
          writeJson(g, type.element(), e.getValue(), hiveTimestamps);
        }
        g.writeEndObject();
        return;
      default:
        g.writeString(scalar(type, v, hiveTimestamps));
    }
  }

  static void writeRow(JsonGenerator g, List<Field> fields, Row row, boolean hiveTimestamps)
      throws IOException {
    g.writeStartObject();
    for (Field f : fields) {
      Object v = row.get(f.name());
      if (v == null && !f.optional()) {
        throw new DataException("Field '" + f.name() + "' is required but null");
      }
      g.writeFieldName(f.name());
      writeJson(g, f.type(), v, hiveTimestamps);
    }
    g.writeEndObject();
  }
}
