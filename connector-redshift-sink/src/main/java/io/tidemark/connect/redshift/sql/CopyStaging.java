package io.tidemark.connect.redshift.sql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.connect.errors.DataException;

/**
 * The staged form of the {@code copy} load path: one JSON object per change (column values plus
 * {@code __tm_op} and {@code __tm_pos}) in the shapes Redshift's COPY JSON 'auto' with TIMEFORMAT
 * 'auto' reads, and the manifest listing the staged files.
 */
public final class CopyStaging {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

  private CopyStaging() {}

  /**
   * One JSON line (without the newline) for {@code row} at {@code position}; a delete carries its
   * key only ({@link ChangeRow#stagedValue}).
   */
  public static String jsonLine(TableDef table, ChangeRow row, long position) {
    StringBuilder b = new StringBuilder("{");
    for (String column : table.columnNames()) {
      JsonText.quote(b, column);
      b.append(':');
      value(b, row.stagedValue(table, column));
      b.append(',');
    }
    JsonText.quote(b, StageSql.OP);
    b.append(':').append(row.delete() ? "\"d\"" : "\"u\"").append(',');
    JsonText.quote(b, StageSql.POSITION);
    b.append(':').append(position).append('}');
    return b.toString();
  }

  private static void value(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof SqlValue.Json json) {
      b.append(json.text());
    } else if (v instanceof String s) {
      if (s.indexOf('\u0000') >= 0) {
        throw new DataException(
            "a string value contains a NUL character, which Redshift cannot store");
      }
      JsonText.quote(b, s);
    } else if (v instanceof Boolean
        || v instanceof Byte
        || v instanceof Short
        || v instanceof Integer
        || v instanceof Long
        || v instanceof java.math.BigInteger) {
      b.append(v);
    } else if (v instanceof BigDecimal d) {
      b.append(d.toPlainString());
    } else if (v instanceof Float || v instanceof Double) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        JsonText.quote(b, Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
      } else {
        b.append(v);
      }
    } else if (v instanceof byte[] bytes) {
      JsonText.quote(b, HexFormat.of().formatHex(bytes));
    } else if (v instanceof LocalDate d) {
      JsonText.quote(b, d.toString());
    } else if (v instanceof LocalTime t) {
      JsonText.quote(b, t.format(TIME));
    } else if (v instanceof LocalDateTime t) {
      JsonText.quote(b, t.format(TIMESTAMP));
    } else if (v instanceof Instant i) {
      JsonText.quote(b, i.atOffset(ZoneOffset.UTC).format(TIMESTAMP) + "+00");
    } else if (v instanceof OffsetDateTime t) {
      value(b, t.toInstant());
    } else {
      throw new DataException("cannot stage a value of type " + v.getClass().getName());
    }
  }

  /** A COPY manifest listing {@code urls} (all mandatory). */
  public static String manifest(List<String> urls) {
    StringBuilder b = new StringBuilder("{\"entries\":[");
    for (int i = 0; i < urls.size(); i++) {
      if (!urls.get(i).startsWith("s3://")) {
        throw new IllegalArgumentException("not an s3:// URL: " + urls.get(i));
      }
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"url\":");
      JsonText.quote(b, urls.get(i));
      b.append(",\"mandatory\":true}");
    }
    return b.append("]}").toString();
  }
}
