package io.tidemark.connect.smt.types;

import io.tidemark.connect.smt.path.Rewrite;
import io.tidemark.connect.smt.path.SchemaRewriter;
import io.tidemark.connect.smt.util.Structs;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * The {@link SchemaRewriter.Rule} behind NormalizeTypes: maps each Debezium semantic type to its
 * configured target. Optionality is kept; default values are converted too.
 *
 * <p>Precision: Connect's Time and Timestamp hold milliseconds, so Micro/Nano values are truncated
 * (floored) when converted to them; the string targets keep microseconds.
 */
public final class TypeRule implements SchemaRewriter.Rule {

  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final DateTimeFormatter TIME_FORMAT =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

  private final Targets t;
  private final DateTimeFormatter timestampFormat;

  public TypeRule(Targets targets) {
    this.t = targets;
    this.timestampFormat = targets.timestampFormat().withZone(targets.stringZone());
  }

  @Override
  public Rewrite apply(String path, Schema schema) {
    String name = schema.name();
    if (name == null) {
      return null;
    }
    switch (name) {
      case DebeziumTypes.DATE:
        return temporal(
            schema,
            t.date(),
            Date.builder(),
            v -> new java.util.Date(((Number) v).intValue() * 86_400_000L),
            v -> LocalDate.ofEpochDay(((Number) v).intValue()).toString());
      case DebeziumTypes.TIME:
        return time(path, schema, v -> ((Number) v).longValue() * 1000L);
      case DebeziumTypes.MICRO_TIME:
        return time(path, schema, v -> ((Number) v).longValue());
      case DebeziumTypes.NANO_TIME:
        return time(path, schema, v -> Math.floorDiv(((Number) v).longValue(), 1000L));
      case DebeziumTypes.TIMESTAMP:
        return datetime(schema, 1000L);
      case DebeziumTypes.MICRO_TIMESTAMP:
        return datetime(schema, 1L);
      case DebeziumTypes.NANO_TIMESTAMP:
        return datetime(schema, -1000L);
      case DebeziumTypes.ZONED_TIMESTAMP:
        return temporal(
            schema,
            t.zonedTimestamp(),
            Timestamp.builder(),
            v -> java.util.Date.from(zoned(path, v)),
            v -> timestampFormat.format(zoned(path, v)));
      case DebeziumTypes.YEAR:
        switch (t.year()) {
          case INT:
            return to(schema, SchemaBuilder.int32(), v -> ((Number) v).intValue());
          case STRING:
            return to(
                schema, SchemaBuilder.string(), v -> Integer.toString(((Number) v).intValue()));
          default:
            return Rewrite.identity(schema);
        }
      case DebeziumTypes.VARIABLE_SCALE_DECIMAL:
        return variableScaleDecimal(path, schema);
      case Decimal.LOGICAL_NAME:
        switch (t.decimal()) {
          case STRING:
            return to(schema, SchemaBuilder.string(), v -> ((BigDecimal) v).toPlainString());
          case DOUBLE:
            return to(schema, SchemaBuilder.float64(), v -> ((BigDecimal) v).doubleValue());
          default:
            return Rewrite.identity(schema);
        }
      case DebeziumTypes.JSON:
        return text(schema, t.json());
      case DebeziumTypes.ENUM:
        return text(schema, t.enumeration());
      case DebeziumTypes.ENUM_SET:
        switch (t.set()) {
          case ARRAY:
            return to(schema, SchemaBuilder.array(Schema.STRING_SCHEMA), v -> splitSet((String) v));
          case STRING:
            return text(schema, Targets.Text.STRING);
          default:
            return Rewrite.identity(schema);
        }
      case DebeziumTypes.BITS:
        return bits(path, schema);
      case DebeziumTypes.GEOMETRY:
      case DebeziumTypes.GEOGRAPHY:
      case DebeziumTypes.POINT:
        return geometry(path, schema);
      default:
        return null;
    }
  }

  private Rewrite temporal(
      Schema schema,
      Targets.Temporal target,
      SchemaBuilder logical,
      UnaryOperator<Object> toLogical,
      UnaryOperator<Object> toString) {
    switch (target) {
      case LOGICAL:
        return Rewrite.of(finish(schema, logical, toLogical), toLogical);
      case STRING:
        return Rewrite.of(finish(schema, SchemaBuilder.string(), toString), toString);
      default:
        return Rewrite.identity(schema);
    }
  }

  /**
   * Debezium Timestamp family: wall-clock values encoded as if UTC, read in {@code
   * datetime.source.timezone}.
   */
  private Rewrite datetime(Schema schema, long microsFactor) {
    UnaryOperator<Object> toInstant =
        v -> {
          long raw = ((Number) v).longValue();
          long micros =
              microsFactor > 0
                  ? Math.multiplyExact(raw, microsFactor)
                  : Math.floorDiv(raw, -microsFactor);
          Instant asUtc =
              Instant.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
          if (t.datetimeZone().normalized().equals(ZoneOffset.UTC)) {
            return asUtc;
          }
          return LocalDateTime.ofInstant(asUtc, ZoneOffset.UTC)
              .atZone(t.datetimeZone())
              .toInstant();
        };
    // Per-record path: in UTC (the default) the epoch milliseconds are the value itself, no Instant
    // needed.
    UnaryOperator<Object> toDate =
        t.datetimeZone().normalized().equals(ZoneOffset.UTC)
            ? v -> new java.util.Date(toMillis(((Number) v).longValue(), microsFactor))
            : v -> java.util.Date.from((Instant) toInstant.apply(v));
    return temporal(
        schema,
        t.timestamp(),
        Timestamp.builder(),
        toDate,
        v -> timestampFormat.format((Instant) toInstant.apply(v)));
  }

  /**
   * Epoch milliseconds (floored) of a Timestamp (factor 1000), MicroTimestamp (1) or NanoTimestamp
   * (-1000) value.
   */
  private static long toMillis(long raw, long microsFactor) {
    if (microsFactor == 1000L) {
      return raw;
    }
    return Math.floorDiv(raw, microsFactor > 0 ? 1000L : -microsFactor * 1000L);
  }

  /**
   * Debezium Time family. MySQL TIME is a duration (-838:59:59 to 838:59:59), not only a time of
   * day: the string target renders it as MySQL does ({@code -12:30:00.000000}, {@code
   * 838:59:59.000000}); a Connect Time holds only 00:00 to 24:00, so a value outside that range
   * fails (with the field path) rather than being wrapped into a different time.
   */
  private Rewrite time(
      String path, Schema schema, java.util.function.ToLongFunction<Object> micros) {
    return temporal(
        schema,
        t.time(),
        Time.builder(),
        v -> {
          long m = micros.applyAsLong(v);
          if (m < 0 || m >= MICROS_PER_DAY) {
            throw new DataException(
                "field '"
                    + path
                    + "': a TIME outside 00:00:00 to 23:59:59.999999 (a MySQL "
                    + "duration) cannot be a Connect Time; use time.target=string");
          }
          return new java.util.Date(Math.floorDiv(m, 1000L));
        },
        v -> timeString(micros.applyAsLong(v)));
  }

  /** {@code HH:mm:ss.SSSSSS}, with a minus sign and more than 24 hours for durations. */
  static String timeString(long micros) {
    if (micros >= 0 && micros < MICROS_PER_DAY) {
      return LocalTime.ofNanoOfDay(micros * 1000L).format(TIME_FORMAT);
    }
    StringBuilder b = new StringBuilder(17);
    if (micros < 0) {
      b.append('-');
    }
    long abs = Math.abs(micros);
    long seconds = abs / 1_000_000L;
    long hours = seconds / 3600;
    if (hours < 10) {
      b.append('0');
    }
    b.append(hours).append(':');
    pad2(b, seconds / 60 % 60).append(':');
    pad2(b, seconds % 60).append('.');
    String fraction = Long.toString(abs % 1_000_000L);
    b.append("000000", fraction.length(), 6).append(fraction);
    return b.toString();
  }

  private static StringBuilder pad2(StringBuilder b, long v) {
    return (v < 10 ? b.append('0') : b).append(v);
  }

  private static Instant zoned(String path, Object v) {
    try {
      return OffsetDateTime.parse((String) v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new DataException(
          "field '" + path + "': '" + v + "' is not an ISO-8601 timestamp with an offset");
    }
  }

  private Rewrite variableScaleDecimal(String path, Schema schema) {
    UnaryOperator<Object> toBig =
        v -> {
          Struct s = (Struct) v;
          Object scale = Structs.get(s, "scale");
          Object value = Structs.get(s, "value");
          if (scale == null || value == null) {
            throw new DataException(
                "field '" + path + "': VariableScaleDecimal without scale or value");
          }
          byte[] bytes = value instanceof ByteBuffer bb ? bytes(bb) : (byte[]) value;
          return new BigDecimal(new BigInteger(bytes), ((Number) scale).intValue());
        };
    switch (t.variableScaleDecimal()) {
      case STRING:
        return to(
            schema, SchemaBuilder.string(), v -> ((BigDecimal) toBig.apply(v)).toPlainString());
      case DOUBLE:
        return to(
            schema, SchemaBuilder.float64(), v -> ((BigDecimal) toBig.apply(v)).doubleValue());
      case DECIMAL:
        {
          int scale = t.variableScaleDecimalScale();
          UnaryOperator<Object> fixed =
              v -> {
                BigDecimal d = (BigDecimal) toBig.apply(v);
                try {
                  return d.setScale(scale, RoundingMode.UNNECESSARY);
                } catch (ArithmeticException e) {
                  throw new DataException(
                      "field '"
                          + path
                          + "': "
                          + d.scale()
                          + " decimal places do not fit in scale "
                          + scale
                          + " without rounding; raise variable.scale.decimal.scale or use the string target");
                }
              };
          return to(schema, Decimal.builder(scale), fixed);
        }
      default:
        return Rewrite.identity(schema);
    }
  }

  private Rewrite text(Schema schema, Targets.Text target) {
    if (target == Targets.Text.KEEP) {
      return Rewrite.identity(schema);
    }
    return to(schema, SchemaBuilder.string(), v -> v);
  }

  private static List<String> splitSet(String v) {
    if (v.isEmpty()) {
      return Collections.emptyList();
    }
    return new ArrayList<>(Arrays.asList(v.split(",", -1)));
  }

  private Rewrite bits(String path, Schema schema) {
    UnaryOperator<Object> bigEndian =
        v -> {
          byte[] le = v instanceof ByteBuffer bb ? bytes(bb) : (byte[]) v;
          byte[] be = new byte[le.length];
          for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
          }
          return be;
        };
    switch (t.bits()) {
      case LONG:
        return to(
            schema,
            SchemaBuilder.int64(),
            v -> {
              byte[] be = (byte[]) bigEndian.apply(v);
              if (be.length > 8) {
                throw new DataException(
                    "field '" + path + "': " + be.length + " bytes of bits do not fit in an int64");
              }
              long r = 0;
              for (byte b : be) {
                r = (r << 8) | (b & 0xFF);
              }
              return r;
            });
      case BYTES:
        return to(schema, SchemaBuilder.bytes(), bigEndian);
      case STRING:
        {
          String length = schema.parameters() == null ? null : schema.parameters().get("length");
          return to(
              schema,
              SchemaBuilder.string(),
              v -> {
                byte[] be = (byte[]) bigEndian.apply(v);
                StringBuilder s = new StringBuilder(be.length * 8);
                for (byte b : be) {
                  for (int i = 7; i >= 0; i--) {
                    s.append((b >> i & 1) == 1 ? '1' : '0');
                  }
                }
                if (length != null) {
                  int n = Integer.parseInt(length);
                  if (n < s.length()) {
                    return s.substring(s.length() - n);
                  }
                }
                return s.toString();
              });
        }
      default:
        return Rewrite.identity(schema);
    }
  }

  private Rewrite geometry(String path, Schema schema) {
    UnaryOperator<Object> wkb =
        v -> {
          Struct s = (Struct) v;
          Object raw = Structs.get(s, "wkb");
          if (raw == null && Structs.get(s, "x") != null) {
            return Wkb.point(
                ((Number) Structs.get(s, "x")).doubleValue(),
                ((Number) Structs.get(s, "y")).doubleValue());
          }
          if (raw == null) {
            throw new DataException("field '" + path + "': geometry without wkb");
          }
          return raw instanceof ByteBuffer bb ? bytes(bb) : raw;
        };
    switch (t.geometry()) {
      case WKB:
        return to(schema, SchemaBuilder.bytes(), wkb);
      case WKT:
        return to(
            schema,
            SchemaBuilder.string(),
            v -> {
              try {
                return Wkb.toWkt((byte[]) wkb.apply(v));
              } catch (DataException e) {
                throw new DataException("field '" + path + "': " + e.getMessage(), e);
              }
            });
      default:
        return Rewrite.identity(schema);
    }
  }

  private static byte[] bytes(ByteBuffer bb) {
    byte[] out = new byte[bb.remaining()];
    bb.duplicate().get(out);
    return out;
  }

  /**
   * A rewrite to a schema without the semantic name, keeping optionality, doc and (converted)
   * default.
   */
  private static Rewrite to(Schema from, SchemaBuilder b, UnaryOperator<Object> converter) {
    return Rewrite.of(copy(from, b, converter), converter);
  }

  private static Schema finish(Schema from, SchemaBuilder b, UnaryOperator<Object> converter) {
    return copy(from, b, converter);
  }

  private static Schema copy(Schema from, SchemaBuilder b, UnaryOperator<Object> converter) {
    if (from.isOptional()) {
      b.optional();
    }
    if (from.doc() != null) {
      b.doc(from.doc());
    }
    if (from.defaultValue() != null && converter != null) {
      try {
        b.defaultValue(converter.apply(from.defaultValue()));
      } catch (RuntimeException e) {
        // A default that cannot be converted is dropped rather than failing every record.
      }
    }
    return b.build();
  }
}
