package io.tidemark.connect.athena.mapping;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type from the allow-list below, rendered per dialect. Free-form type text is never
 * passed through to SQL.
 */
public record ColumnType(Kind kind, int precision, int scale) {

  /** The supported types. */
  public enum Kind {
    BOOLEAN,
    TINYINT,
    SMALLINT,
    INTEGER,
    BIGINT,
    REAL,
    DOUBLE,
    DECIMAL,
    DATE,
    TIMESTAMP,
    STRING
  }

  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d{1,2}),(\\d{1,2})\\)");

  public ColumnType {
    if (kind == Kind.DECIMAL
        && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
      throw new IllegalArgumentException(
          "decimal("
              + precision
              + ","
              + scale
              + ") needs 1 <= precision <= 38 and 0 <= scale <= precision");
    }
  }

  public static ColumnType of(Kind kind) {
    return new ColumnType(kind, 0, 0);
  }

  /**
   * Parses {@code bigint}, {@code int}/{@code integer}, {@code smallint}, {@code tinyint}, {@code
   * boolean}, {@code double}, {@code real}/{@code float}, {@code decimal(p,s)}, {@code date},
   * {@code timestamp}, {@code string}/{@code varchar} (case-insensitive).
   */
  public static ColumnType parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    Matcher m = DECIMAL.matcher(t);
    if (m.matches()) {
      return new ColumnType(
          Kind.DECIMAL, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    return switch (t) {
      case "boolean" -> of(Kind.BOOLEAN);
      case "tinyint" -> of(Kind.TINYINT);
      case "smallint" -> of(Kind.SMALLINT);
      case "int", "integer" -> of(Kind.INTEGER);
      case "bigint" -> of(Kind.BIGINT);
      case "real", "float" -> of(Kind.REAL);
      case "double" -> of(Kind.DOUBLE);
      case "date" -> of(Kind.DATE);
      case "timestamp" -> of(Kind.TIMESTAMP);
      case "string", "varchar" -> of(Kind.STRING);
      default ->
          throw new IllegalArgumentException(
              "unsupported column type '"
                  + text
                  + "'; expected one of boolean, tinyint, smallint, int, bigint, real, double, decimal(p,s), date, timestamp, string");
    };
  }

  /** Athena Hive DDL (landing table). */
  public String athenaHive() {
    return switch (kind) {
      case INTEGER -> "int";
      case REAL -> "float";
      case DECIMAL -> decimal();
      default -> kind.name().toLowerCase(Locale.ROOT);
    };
  }

  /** Athena Iceberg DDL: Iceberg has no tinyint/smallint. */
  public String athenaIceberg() {
    return kind == Kind.TINYINT || kind == Kind.SMALLINT ? "int" : athenaHive();
  }

  /** Trino Hive connector DDL (landing table); Hive timestamps are milliseconds. */
  public String trinoHive() {
    return switch (kind) {
      case STRING -> "varchar";
      case TIMESTAMP -> "timestamp(3)";
      case DECIMAL -> decimal();
      default -> kind.name().toLowerCase(Locale.ROOT);
    };
  }

  /** Trino Iceberg connector DDL: microsecond timestamps, no tinyint/smallint. */
  public String trinoIceberg() {
    return switch (kind) {
      case TINYINT, SMALLINT -> "integer";
      case TIMESTAMP -> "timestamp(6)";
      default -> trinoHive();
    };
  }

  private String decimal() {
    return "decimal(" + precision + "," + scale + ")";
  }
}
