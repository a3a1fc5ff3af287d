package io.tidemark.connect.redshift.sql;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Connect and Debezium schemas to Redshift column types. The rules are data ({@link #RULES}):
 * {@link #markdownTable()} renders them for {@code docs/type-mapping.md}, and a test keeps that
 * file equal to the code.
 *
 * <p>Lengths are in bytes, as Redshift counts them: a source column of {@code n} characters becomes
 * {@code VARCHAR(4n)} (capped at {@value #MAX_VARCHAR_BYTES}).
 */
public final class TypeMapping {

  public static final int MAX_VARCHAR_BYTES = 65535;
  public static final int MAX_DECIMAL_PRECISION = 38;

  /** MySQL's limit for one ENUM member: 255 characters and 1020 bytes (255 x 4 in utf8mb4). */
  public static final int MAX_ENUM_MEMBER_BYTES = 1020;

  /** The VARBYTE length used when the source gives none. */
  public static final int DEFAULT_VARBYTE_BYTES = 65535;

  /**
   * Debezium's TIME types carry a MySQL TIME, a duration from -838:59:59.000000 to
   * 838:59:59.000000, which Redshift's TIME (one day) cannot hold. The whole column is text in
   * MySQL's own form, so no value is lost or changed and a column never changes type mid-stream; 24
   * characters hold any 64-bit value.
   */
  public static final String DURATION_TIME = "VARCHAR(24)";

  static final String DEBEZIUM_LENGTH = "__debezium.source.column.length";
  static final String CONNECT_PRECISION = "connect.decimal.precision";

  /** One documented rule: what the source schema is, and what Redshift type it becomes. */
  public record Rule(String source, String redshift, String note) {}

  /** Logical names, in documentation order. */
  public static final List<Rule> RULES =
      List.of(
          new Rule("INT8, INT16", "SMALLINT", "Redshift has no 1-byte integer"),
          new Rule("INT32", "INTEGER", ""),
          new Rule("INT64", "BIGINT", ""),
          new Rule("FLOAT32", "REAL", ""),
          new Rule("FLOAT64", "DOUBLE PRECISION", ""),
          new Rule("BOOLEAN", "BOOLEAN", ""),
          new Rule(
              "STRING",
              "VARCHAR(n)",
              "n = 4 x `" + DEBEZIUM_LENGTH + "` bytes when known, else 65535"),
          new Rule("BYTES", "VARBYTE(65535)", ""),
          new Rule("ARRAY, MAP, STRUCT", "SUPER", "written as JSON"),
          new Rule(
              Decimal.LOGICAL_NAME,
              "DECIMAL(p,s)",
              "p from `"
                  + CONNECT_PRECISION
                  + "` (38 when absent); p > 38 becomes VARCHAR(p+2) holding the plain number"),
          new Rule(Date.LOGICAL_NAME, "DATE", ""),
          new Rule(
              Time.LOGICAL_NAME,
              "TIME",
              "00:00:00 to 23:59:59.999; Connect's 24:00:00 is a bad record"),
          new Rule(Timestamp.LOGICAL_NAME, "TIMESTAMP", "UTC, no zone"),
          new Rule(Debezium.DATE, "DATE", "days since epoch"),
          new Rule(
              Debezium.TIME + ", " + Debezium.MICRO_TIME + ", " + Debezium.NANO_TIME,
              DURATION_TIME,
              "MySQL TIME is a duration (-838:59:59.000000 to 838:59:59.000000) that Redshift's"
                  + " TIME cannot hold: exact text as MySQL writes it, `[-]HH:MM:SS.ffffff`"
                  + " (e.g. `-838:59:59.000000`, `13:45:30.000000`)"),
          new Rule(
              Debezium.TIMESTAMP + ", " + Debezium.MICRO_TIMESTAMP + ", " + Debezium.NANO_TIMESTAMP,
              "TIMESTAMP",
              "microsecond precision, no zone"),
          new Rule(Debezium.ZONED_TIMESTAMP, "TIMESTAMPTZ", "ISO-8601 string, stored in UTC"),
          new Rule(Debezium.ZONED_TIME, "VARCHAR(64)", "ISO-8601 string kept as text"),
          new Rule(Debezium.YEAR, "SMALLINT", ""),
          new Rule(Debezium.MICRO_DURATION, "BIGINT", "microseconds"),
          new Rule(Debezium.INTERVAL, "VARCHAR(64)", "ISO-8601 duration text"),
          new Rule(Debezium.JSON, "SUPER", "parsed with JSON_PARSE"),
          new Rule(Debezium.UUID, "CHAR(36)", ""),
          new Rule(
              Debezium.ENUM,
              "VARCHAR(n)",
              "n = bytes of the whole `allowed` text, at most 1020 (MySQL's longest member):"
                  + " Debezium joins the members with `,` and a member may hold a `,`"
                  + " (`ENUM('a,b','c')` gives `a,b,c`), so the longest member cannot be"
                  + " found by splitting; every member is part of that text"),
          new Rule(
              Debezium.ENUM_SET,
              "VARCHAR(65535)",
              "comma-separated members; the longest value is all members joined, the whole"
                  + " `allowed` text: at most 64 members of 1020 bytes and 63 commas (65343)"),
          new Rule(
              Debezium.BITS,
              "VARBYTE(n)",
              "n = ceil(`length` / 8) bytes, in MySQL's byte order (big-endian, as `HEX(col)`"
                  + " shows it): Debezium's little-endian bytes are reversed back"),
          new Rule(
              Debezium.VARIABLE_SCALE_DECIMAL,
              "VARCHAR(128)",
              "plain number text: the scale varies per row"),
          new Rule(Debezium.XML, "VARCHAR(65535)", ""),
          new Rule(
              Debezium.GEOMETRY + ", " + Debezium.GEOGRAPHY + ", " + Debezium.POINT,
              "VARBYTE(65535)",
              "the WKB bytes; convert with ST_GeomFromWKB"));

  private TypeMapping() {}

  /** The Redshift column type for {@code schema}. */
  public static String redshiftType(Schema schema) {
    String name = schema.name();
    if (name != null) {
      String logical = logicalType(schema, name);
      if (logical != null) {
        return logical;
      }
    }
    return switch (schema.type()) {
      case INT8, INT16 -> "SMALLINT";
      case INT32 -> "INTEGER";
      case INT64 -> "BIGINT";
      case FLOAT32 -> "REAL";
      case FLOAT64 -> "DOUBLE PRECISION";
      case BOOLEAN -> "BOOLEAN";
      case STRING -> "VARCHAR(" + varcharBytes(schema.parameters()) + ")";
      case BYTES -> "VARBYTE(" + DEFAULT_VARBYTE_BYTES + ")";
      case ARRAY, MAP, STRUCT -> "SUPER";
    };
  }

  private static String logicalType(Schema schema, String name) {
    Map<String, String> params = schema.parameters() == null ? Map.of() : schema.parameters();
    switch (name) {
      case Decimal.LOGICAL_NAME:
        {
          int scale = Integer.parseInt(params.getOrDefault(Decimal.SCALE_FIELD, "0"));
          int precision =
              params.containsKey(CONNECT_PRECISION)
                  ? Integer.parseInt(params.get(CONNECT_PRECISION))
                  : MAX_DECIMAL_PRECISION;
          if (precision > MAX_DECIMAL_PRECISION) {
            return "VARCHAR(" + (precision + 2) + ")";
          }
          if (scale < 0 || scale > precision) {
            throw new DataException(
                "decimal scale " + scale + " does not fit precision " + precision);
          }
          return "DECIMAL(" + precision + "," + scale + ")";
        }
      case Date.LOGICAL_NAME, Debezium.DATE:
        return "DATE";
      case Time.LOGICAL_NAME:
        return "TIME";
      case Debezium.TIME, Debezium.MICRO_TIME, Debezium.NANO_TIME:
        return DURATION_TIME;
      case Timestamp.LOGICAL_NAME,
      Debezium.TIMESTAMP,
      Debezium.MICRO_TIMESTAMP,
      Debezium.NANO_TIMESTAMP:
        return "TIMESTAMP";
      case Debezium.ZONED_TIMESTAMP:
        return "TIMESTAMPTZ";
      case Debezium.ZONED_TIME, Debezium.INTERVAL:
        return "VARCHAR(64)";
      case Debezium.YEAR:
        return "SMALLINT";
      case Debezium.MICRO_DURATION:
        return "BIGINT";
      case Debezium.JSON:
        return "SUPER";
      case Debezium.UUID:
        return "CHAR(36)";
      case Debezium.ENUM:
        return "VARCHAR(" + enumBytes(params.get("allowed")) + ")";
      case Debezium.ENUM_SET, Debezium.XML:
        return "VARCHAR(" + MAX_VARCHAR_BYTES + ")";
      case Debezium.BITS:
        {
          int bits = Integer.parseInt(params.getOrDefault("length", "1"));
          return "VARBYTE(" + Math.max(1, (bits + 7) / 8) + ")";
        }
      case Debezium.VARIABLE_SCALE_DECIMAL:
        return "VARCHAR(128)";
      case Debezium.GEOMETRY, Debezium.GEOGRAPHY, Debezium.POINT:
        return "VARBYTE(" + DEFAULT_VARBYTE_BYTES + ")";
      default:
        return null;
    }
  }

  static int varcharBytes(Map<String, String> params) {
    String length = params == null ? null : params.get(DEBEZIUM_LENGTH);
    if (length == null) {
      return MAX_VARCHAR_BYTES;
    }
    try {
      long bytes = Long.parseLong(length) * 4;
      return (int) Math.max(1, Math.min(MAX_VARCHAR_BYTES, bytes));
    } catch (NumberFormatException e) {
      return MAX_VARCHAR_BYTES;
    }
  }

  /**
   * The VARCHAR bytes of an ENUM. Debezium joins the members with ',' into {@code allowed}, and a
   * member may itself hold a ',' ({@code ENUM('a,b','c')} gives {@code "a,b,c"}), so splitting
   * cannot find the longest member. Any member is a part of that text, so its bytes are at most the
   * whole text's; and MySQL caps a member at {@value #MAX_ENUM_MEMBER_BYTES} bytes.
   */
  static int enumBytes(String allowed) {
    if (allowed == null || allowed.isEmpty()) {
      return MAX_ENUM_MEMBER_BYTES;
    }
    int bytes = io.tidemark.common.identifiers.Utf8.byteLength(allowed);
    return Math.max(1, Math.min(MAX_ENUM_MEMBER_BYTES, bytes));
  }

  /** The rules as a Markdown table: the body of {@code docs/type-mapping.md}. */
  public static String markdownTable() {
    StringBuilder b =
        new StringBuilder(
            "| Source schema (type or logical name) | Redshift type | Notes |\n|---|---|---|\n");
    for (Rule rule : RULES) {
      b.append("| `")
          .append(rule.source().replace(", ", "`, `"))
          .append("` | `")
          .append(rule.redshift())
          .append("` | ")
          .append(rule.note())
          .append(" |\n");
    }
    return b.toString();
  }
}
