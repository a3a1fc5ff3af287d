package io.tidemark.connect.redshift.write;

import java.util.List;
import java.util.Locale;

/**
 * A column as the target table has it (from {@code information_schema.columns}), reduced to what
 * decides whether a value fits: its type family, length in bytes, precision and scale, nullability.
 */
public record TargetColumn(
    String name, Family family, int maxLength, int precision, int scale, boolean nullable) {

  /**
   * Type families; values move freely within one, and between the numeric ones subject to range.
   */
  public enum Family {
    INTEGER,
    DECIMAL,
    FLOAT,
    BOOLEAN,
    TEXT,
    DATE,
    TIME,
    TIMESTAMP,
    BINARY,
    SUPER,
    OTHER;

    boolean numeric() {
      return this == INTEGER || this == DECIMAL || this == FLOAT;
    }
  }

  /**
   * A row of {@code DdlBuilder.existingColumnsQuery}; fields it lacks leave the column unchecked.
   */
  public static TargetColumn parse(List<String> row) {
    String name = row.get(0);
    String type = row.size() > 1 && row.get(1) != null ? row.get(1).toLowerCase(Locale.ROOT) : "";
    int length = row.size() > 2 ? number(row.get(2)) : 0;
    int precision = row.size() > 3 ? number(row.get(3)) : 0;
    int scale = row.size() > 4 ? number(row.get(4)) : 0;
    boolean nullable = row.size() <= 5 || !"NO".equalsIgnoreCase(row.get(5));
    Family family = familyOfCatalogType(type);
    if (family == Family.INTEGER) {
      precision =
          switch (type) {
            case "smallint" -> 16;
            case "integer" -> 32;
            default -> 64;
          };
    }
    return new TargetColumn(name, family, length, precision, scale, nullable);
  }

  /** The family of an {@code information_schema} data type (PostgreSQL's and Redshift's names). */
  static Family familyOfCatalogType(String type) {
    return switch (type) {
      case "smallint", "integer", "bigint" -> Family.INTEGER;
      case "numeric", "decimal" -> Family.DECIMAL;
      case "real", "double precision" -> Family.FLOAT;
      case "boolean" -> Family.BOOLEAN;
      case "character varying", "character", "text" -> Family.TEXT;
      case "date" -> Family.DATE;
      case "time without time zone", "time with time zone" -> Family.TIME;
      case "timestamp without time zone", "timestamp with time zone" -> Family.TIMESTAMP;
      case "bytea", "binary varying", "varbyte" -> Family.BINARY;
      case "jsonb", "json", "super" -> Family.SUPER;
      default -> Family.OTHER;
    };
  }

  /**
   * The family of a type this sink generates ({@code TypeMapping}): VARCHAR(n), DECIMAL(p,s),
   * TIMESTAMPTZ...
   */
  static Family familyOfDdlType(String ddlType) {
    String t = ddlType.toUpperCase(Locale.ROOT);
    int paren = t.indexOf('(');
    String base = (paren < 0 ? t : t.substring(0, paren)).trim();
    return switch (base) {
      case "SMALLINT", "INTEGER", "BIGINT" -> Family.INTEGER;
      case "DECIMAL", "NUMERIC" -> Family.DECIMAL;
      case "REAL", "DOUBLE PRECISION" -> Family.FLOAT;
      case "BOOLEAN" -> Family.BOOLEAN;
      case "VARCHAR", "CHAR" -> Family.TEXT;
      case "DATE" -> Family.DATE;
      case "TIME" -> Family.TIME;
      case "TIMESTAMP", "TIMESTAMPTZ" -> Family.TIMESTAMP;
      case "VARBYTE" -> Family.BINARY;
      case "SUPER" -> Family.SUPER;
      default -> Family.OTHER;
    };
  }

  /** Whether a field of the sink's type {@code ddlType} can be written to this column at all. */
  public boolean accepts(String ddlType) {
    Family incoming = familyOfDdlType(ddlType);
    return family == Family.OTHER
        || incoming == Family.OTHER
        || incoming == family
        || (incoming.numeric() && family.numeric());
  }

  /** A readable type for messages. */
  public String describe() {
    return switch (family) {
      case TEXT -> maxLength > 0 ? "VARCHAR(" + maxLength + ")" : "VARCHAR";
      case DECIMAL -> precision > 0 ? "DECIMAL(" + precision + "," + scale + ")" : "DECIMAL";
      case INTEGER -> precision == 16 ? "SMALLINT" : precision == 32 ? "INTEGER" : "BIGINT";
      default -> family.name();
    };
  }

  private static int number(String s) {
    if (s == null || s.isBlank()) {
      return 0;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
