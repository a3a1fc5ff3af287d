package io.tidemark.connect.smt.types;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/** What each Debezium type becomes; built from NormalizeTypes' config, immutable. */
public record Targets(
    Temporal date,
    Temporal time,
    Temporal timestamp,
    Temporal zonedTimestamp,
    Year year,
    VariableDecimal variableScaleDecimal,
    int variableScaleDecimalScale,
    Decimal decimal,
    Text json,
    Text enumeration,
    EnumSet set,
    Bits bits,
    Geometry geometry,
    ZoneId datetimeZone,
    ZoneId stringZone,
    DateTimeFormatter timestampFormat) {

  public Targets {
    Objects.requireNonNull(datetimeZone, "datetimeZone");
    Objects.requireNonNull(stringZone, "stringZone");
    Objects.requireNonNull(timestampFormat, "timestampFormat");
  }

  /**
   * Dates, times and timestamps: the matching Connect logical type, an ISO-like string, or
   * unchanged.
   */
  public enum Temporal {
    LOGICAL,
    STRING,
    KEEP
  }

  /** io.debezium.time.Year: a plain int32, a string, or unchanged. */
  public enum Year {
    INT,
    STRING,
    KEEP
  }

  /**
   * VariableScaleDecimal: a plain-notation string (lossless), a double, a Connect Decimal of a
   * fixed scale, or unchanged.
   */
  public enum VariableDecimal {
    STRING,
    DOUBLE,
    DECIMAL,
    KEEP
  }

  /** Connect Decimal (Debezium's precise mode): unchanged, a plain-notation string, or a double. */
  public enum Decimal {
    KEEP,
    STRING,
    DOUBLE
  }

  /** Json and Enum: a plain string (the semantic name is dropped), or unchanged. */
  public enum Text {
    STRING,
    KEEP
  }

  /** EnumSet: an array of strings, the comma-separated string, or unchanged. */
  public enum EnumSet {
    ARRAY,
    STRING,
    KEEP
  }

  /** Bits: an int64 (up to 64 bits), the big-endian bytes, a string of 0 and 1, or unchanged. */
  public enum Bits {
    LONG,
    BYTES,
    STRING,
    KEEP
  }

  /** Geometry, Geography and Point: the WKB bytes, a WKT string, or unchanged. */
  public enum Geometry {
    WKB,
    WKT,
    KEEP
  }
}
