package io.tidemark.connect.redshift.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.apache.kafka.connect.errors.DataException;

/**
 * Java values as SQL literals that mean the same in Redshift and in PostgreSQL.
 *
 * <p>Strings are single-quoted with {@code '} doubled. Backslashes and control characters are never
 * written inside a literal: Redshift reads backslash escapes in literals, PostgreSQL does not, so
 * they become {@code CHR(n)} and are concatenated ({@code 'a' || CHR(92) || 'b'}). NUL cannot be
 * stored in a Redshift VARCHAR and is rejected.
 */
public final class SqlLiterals {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

  private SqlLiterals() {}

  /** A literal for one value; see {@link SqlValue} for the Java types accepted. */
  public static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof SqlValue.Json json) {
      return "JSON_PARSE(" + string(json.text()) + ")";
    }
    if (value instanceof String s) {
      return string(s);
    }
    if (value instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (value instanceof Byte
        || value instanceof Short
        || value instanceof Integer
        || value instanceof Long
        || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Float || value instanceof Double) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return "CAST("
            + string(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity")
            + " AS FLOAT8)";
      }
      return value instanceof Float ? Float.toString((Float) value) : Double.toString(d);
    }
    if (value instanceof byte[] bytes) {
      return "FROM_HEX('" + HexFormat.of().formatHex(bytes) + "')";
    }
    if (value instanceof LocalDate d) {
      return "CAST('" + d + "' AS DATE)";
    }
    if (value instanceof LocalTime t) {
      return "CAST('" + t.format(TIME) + "' AS TIME)";
    }
    if (value instanceof LocalDateTime t) {
      return "CAST('" + t.format(TIMESTAMP) + "' AS TIMESTAMP)";
    }
    if (value instanceof Instant i) {
      return "CAST('" + i.atOffset(ZoneOffset.UTC).format(TIMESTAMP) + "+00' AS TIMESTAMPTZ)";
    }
    if (value instanceof OffsetDateTime t) {
      return literal(t.toInstant());
    }
    throw new DataException("no SQL literal for a value of type " + value.getClass().getName());
  }

  /** A string literal; see the class comment for backslashes and control characters. */
  public static String string(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    boolean open = false;
    boolean any = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        throw new DataException(
            "a string value contains a NUL character, which Redshift cannot store");
      }
      if (c == '\\' || c < 0x20 || c == 0x7f) {
        if (open) {
          out.append('\'');
          open = false;
        }
        if (any) {
          out.append(" || ");
        }
        out.append("CHR(").append((int) c).append(')');
        any = true;
        continue;
      }
      if (!open) {
        if (any) {
          out.append(" || ");
        }
        out.append('\'');
        open = true;
        any = true;
      }
      out.append(c == '\'' ? "''" : String.valueOf(c));
    }
    if (open) {
      out.append('\'');
    }
    return any ? out.toString() : "''";
  }
}
