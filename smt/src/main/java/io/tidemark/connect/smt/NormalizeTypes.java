package io.tidemark.connect.smt;

import io.tidemark.connect.smt.path.Rewrite;
import io.tidemark.connect.smt.path.SchemaRewriter;
import io.tidemark.connect.smt.types.Targets;
import io.tidemark.connect.smt.types.TypeRule;
import io.tidemark.connect.smt.util.Configs;
import io.tidemark.connect.smt.util.SchemaCache;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;

/**
 * Converts Debezium semantic types to standard Connect logical types or strings, per type, anywhere
 * in the schema (nested structs, arrays, maps). Records without a schema pass through unchanged:
 * without a schema there is nothing that says a number is a date.
 */
public abstract class NormalizeTypes<R extends ConnectRecord<R>>
    extends KeyOrValueTransformation<R> {

  public static final String OVERVIEW_DOC =
      "Converts Debezium semantic types (io.debezium.time.*, VariableScaleDecimal, "
          + "Json, Enum, EnumSet, Bits, geometries) to standard Connect logical types or strings, configurable per type "
          + "and time-zone aware. Schemaless records pass through unchanged.";

  public static final String DATE_TARGET = "date.target";
  public static final String TIME_TARGET = "time.target";
  public static final String TIMESTAMP_TARGET = "timestamp.target";
  public static final String ZONED_TIMESTAMP_TARGET = "zoned.timestamp.target";
  public static final String YEAR_TARGET = "year.target";
  public static final String VARIABLE_SCALE_DECIMAL_TARGET = "variable.scale.decimal.target";
  public static final String VARIABLE_SCALE_DECIMAL_SCALE = "variable.scale.decimal.scale";
  public static final String DECIMAL_TARGET = "decimal.target";
  public static final String JSON_TARGET = "json.target";
  public static final String ENUM_TARGET = "enum.target";
  public static final String SET_TARGET = "set.target";
  public static final String BITS_TARGET = "bits.target";
  public static final String GEOMETRY_TARGET = "geometry.target";
  public static final String DATETIME_SOURCE_TIMEZONE = "datetime.source.timezone";
  public static final String STRING_TIMEZONE = "string.timezone";
  public static final String TIMESTAMP_STRING_FORMAT = "timestamp.string.format";

  private static final String GROUP_TYPES = "Targets";
  private static final String GROUP_TIME = "Time zones and formats";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              DATE_TARGET,
              ConfigDef.Type.STRING,
              "logical",
              Configs.oneOf(Targets.Temporal.class),
              ConfigDef.Importance.MEDIUM,
              "io.debezium.time.Date (days since epoch): 'logical' gives a Connect Date, 'string' an ISO date "
                  + "(2024-02-29), 'keep' leaves it.",
              GROUP_TYPES,
              1,
              ConfigDef.Width.SHORT,
              "Date")
          .define(
              TIME_TARGET,
              ConfigDef.Type.STRING,
              "logical",
              Configs.oneOf(Targets.Temporal.class),
              ConfigDef.Importance.MEDIUM,
              "io.debezium.time.Time, MicroTime, NanoTime: 'logical' gives a Connect Time (milliseconds; finer digits are "
                  + "truncated; a MySQL TIME outside 00:00:00-23:59:59.999999, i.e. a duration, fails the record), "
                  + "'string' gives HH:mm:ss.SSSSSS (durations as MySQL writes them: -12:30:00.000000, "
                  + "838:59:59.000000), 'keep' leaves it.",
              GROUP_TYPES,
              2,
              ConfigDef.Width.SHORT,
              "Time")
          .define(
              TIMESTAMP_TARGET,
              ConfigDef.Type.STRING,
              "logical",
              Configs.oneOf(Targets.Temporal.class),
              ConfigDef.Importance.MEDIUM,
              "io.debezium.time.Timestamp, MicroTimestamp, NanoTimestamp (MySQL DATETIME: a wall-clock time without a "
                  + "zone): 'logical' gives a Connect Timestamp (the instant, reading the wall-clock time in "
                  + DATETIME_SOURCE_TIMEZONE
                  + "; milliseconds, finer digits are truncated), 'string' formats it with "
                  + TIMESTAMP_STRING_FORMAT
                  + " in "
                  + STRING_TIMEZONE
                  + ", 'keep' leaves it.",
              GROUP_TYPES,
              3,
              ConfigDef.Width.SHORT,
              "Timestamp")
          .define(
              ZONED_TIMESTAMP_TARGET,
              ConfigDef.Type.STRING,
              "logical",
              Configs.oneOf(Targets.Temporal.class),
              ConfigDef.Importance.MEDIUM,
              "io.debezium.time.ZonedTimestamp (ISO-8601 string with offset, e.g. MySQL TIMESTAMP): 'logical' gives a "
                  + "Connect Timestamp, 'string' reformats it with "
                  + TIMESTAMP_STRING_FORMAT
                  + " in "
                  + STRING_TIMEZONE
                  + ", 'keep' leaves it.",
              GROUP_TYPES,
              4,
              ConfigDef.Width.SHORT,
              "Zoned timestamp")
          .define(
              YEAR_TARGET,
              ConfigDef.Type.STRING,
              "int",
              Configs.oneOf(Targets.Year.class),
              ConfigDef.Importance.LOW,
              "io.debezium.time.Year: 'int' gives a plain int32, 'string' a string, 'keep' leaves it.",
              GROUP_TYPES,
              5,
              ConfigDef.Width.SHORT,
              "Year")
          .define(
              VARIABLE_SCALE_DECIMAL_TARGET,
              ConfigDef.Type.STRING,
              "string",
              Configs.oneOf(Targets.VariableDecimal.class),
              ConfigDef.Importance.MEDIUM,
              "io.debezium.data.VariableScaleDecimal (a struct of scale and unscaled bytes): 'string' gives the exact "
                  + "value in plain notation, 'double' a float64 (may round), 'decimal' a Connect Decimal with scale "
                  + VARIABLE_SCALE_DECIMAL_SCALE
                  + " (a value with more decimal places fails rather than rounds), "
                  + "'keep' leaves it.",
              GROUP_TYPES,
              6,
              ConfigDef.Width.SHORT,
              "Variable-scale decimal")
          .define(
              VARIABLE_SCALE_DECIMAL_SCALE,
              ConfigDef.Type.INT,
              10,
              ConfigDef.Range.between(0, 38),
              ConfigDef.Importance.LOW,
              "Scale of the Connect Decimal produced when "
                  + VARIABLE_SCALE_DECIMAL_TARGET
                  + "=decimal.",
              GROUP_TYPES,
              7,
              ConfigDef.Width.SHORT,
              "Variable-scale decimal scale")
          .define(
              DECIMAL_TARGET,
              ConfigDef.Type.STRING,
              "keep",
              Configs.oneOf(Targets.Decimal.class),
              ConfigDef.Importance.LOW,
              "Connect Decimal (Debezium decimal.handling.mode=precise): 'keep', 'string' (plain notation) or 'double'.",
              GROUP_TYPES,
              8,
              ConfigDef.Width.SHORT,
              "Decimal")
          .define(
              JSON_TARGET,
              ConfigDef.Type.STRING,
              "string",
              Configs.oneOf(Targets.Text.class),
              ConfigDef.Importance.LOW,
              "io.debezium.data.Json: 'string' gives a plain string (use ParseJson to get a struct), 'keep' leaves it.",
              GROUP_TYPES,
              9,
              ConfigDef.Width.SHORT,
              "JSON")
          .define(
              ENUM_TARGET,
              ConfigDef.Type.STRING,
              "string",
              Configs.oneOf(Targets.Text.class),
              ConfigDef.Importance.LOW,
              "io.debezium.data.Enum: 'string' gives a plain string, 'keep' leaves it.",
              GROUP_TYPES,
              10,
              ConfigDef.Width.SHORT,
              "Enum")
          .define(
              SET_TARGET,
              ConfigDef.Type.STRING,
              "array",
              Configs.oneOf(Targets.EnumSet.class),
              ConfigDef.Importance.LOW,
              "io.debezium.data.EnumSet (MySQL SET, comma-separated): 'array' gives an array of strings, 'string' a plain "
                  + "string, 'keep' leaves it.",
              GROUP_TYPES,
              11,
              ConfigDef.Width.SHORT,
              "Set")
          .define(
              BITS_TARGET,
              ConfigDef.Type.STRING,
              "long",
              Configs.oneOf(Targets.Bits.class),
              ConfigDef.Importance.LOW,
              "io.debezium.data.Bits (MySQL BIT(n>1), little-endian bytes): 'long' gives an int64 (BIT(64) values with "
                  + "the top bit set become negative), 'bytes' big-endian bytes, 'string' the n binary digits, "
                  + "'keep' leaves it.",
              GROUP_TYPES,
              12,
              ConfigDef.Width.SHORT,
              "Bits")
          .define(
              GEOMETRY_TARGET,
              ConfigDef.Type.STRING,
              "wkb",
              Configs.oneOf(Targets.Geometry.class),
              ConfigDef.Importance.LOW,
              "io.debezium.data.geometry.Geometry, Geography, Point: 'wkb' gives the WKB bytes (the SRID is dropped), "
                  + "'wkt' a WKT string, 'keep' leaves the struct.",
              GROUP_TYPES,
              13,
              ConfigDef.Width.SHORT,
              "Geometry")
          .define(
              DATETIME_SOURCE_TIMEZONE,
              ConfigDef.Type.STRING,
              "UTC",
              Configs.ZONE_ID,
              ConfigDef.Importance.HIGH,
              "Time zone in which the wall-clock values of io.debezium.time.Timestamp/MicroTimestamp/NanoTimestamp "
                  + "(MySQL DATETIME) were written; used to turn them into instants.",
              GROUP_TIME,
              1,
              ConfigDef.Width.SHORT,
              "DATETIME source time zone")
          .define(
              STRING_TIMEZONE,
              ConfigDef.Type.STRING,
              "UTC",
              Configs.ZONE_ID,
              ConfigDef.Importance.MEDIUM,
              "Time zone used when a timestamp is rendered as a string.",
              GROUP_TIME,
              2,
              ConfigDef.Width.SHORT,
              "String time zone")
          .define(
              TIMESTAMP_STRING_FORMAT,
              ConfigDef.Type.STRING,
              "yyyy-MM-dd HH:mm:ss.SSSSSS",
              Configs.DATE_TIME_PATTERN,
              ConfigDef.Importance.LOW,
              "java.time pattern for timestamps rendered as strings. The default is the literal form Athena and Hive "
                  + "parse as TIMESTAMP.",
              GROUP_TIME,
              3,
              ConfigDef.Width.MEDIUM,
              "Timestamp string format");

  private final SchemaCache<Rewrite> cache = new SchemaCache<>();
  private TypeRule rule;

  protected NormalizeTypes(boolean key) {
    super(key);
  }

  @Override
  public void configure(Map<String, ?> props) {
    AbstractConfig c = new AbstractConfig(CONFIG_DEF, props);
    Targets targets =
        new Targets(
            Configs.parseEnum(Targets.Temporal.class, DATE_TARGET, c.getString(DATE_TARGET)),
            Configs.parseEnum(Targets.Temporal.class, TIME_TARGET, c.getString(TIME_TARGET)),
            Configs.parseEnum(
                Targets.Temporal.class, TIMESTAMP_TARGET, c.getString(TIMESTAMP_TARGET)),
            Configs.parseEnum(
                Targets.Temporal.class,
                ZONED_TIMESTAMP_TARGET,
                c.getString(ZONED_TIMESTAMP_TARGET)),
            Configs.parseEnum(Targets.Year.class, YEAR_TARGET, c.getString(YEAR_TARGET)),
            Configs.parseEnum(
                Targets.VariableDecimal.class,
                VARIABLE_SCALE_DECIMAL_TARGET,
                c.getString(VARIABLE_SCALE_DECIMAL_TARGET)),
            c.getInt(VARIABLE_SCALE_DECIMAL_SCALE),
            Configs.parseEnum(Targets.Decimal.class, DECIMAL_TARGET, c.getString(DECIMAL_TARGET)),
            Configs.parseEnum(Targets.Text.class, JSON_TARGET, c.getString(JSON_TARGET)),
            Configs.parseEnum(Targets.Text.class, ENUM_TARGET, c.getString(ENUM_TARGET)),
            Configs.parseEnum(Targets.EnumSet.class, SET_TARGET, c.getString(SET_TARGET)),
            Configs.parseEnum(Targets.Bits.class, BITS_TARGET, c.getString(BITS_TARGET)),
            Configs.parseEnum(
                Targets.Geometry.class, GEOMETRY_TARGET, c.getString(GEOMETRY_TARGET)),
            ZoneId.of(c.getString(DATETIME_SOURCE_TIMEZONE)),
            ZoneId.of(c.getString(STRING_TIMEZONE)),
            DateTimeFormatter.ofPattern(c.getString(TIMESTAMP_STRING_FORMAT)));
    rule = new TypeRule(targets);
    cache.clear();
  }

  @Override
  protected Part transform(R record, Schema schema, Object value) {
    if (schema == null) {
      return new Part(null, value);
    }
    Rewrite rewrite = cache.get(schema, () -> SchemaRewriter.compile(schema, rule));
    return new Part(rewrite.schema(), rewrite.apply(value));
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {
    cache.clear();
  }

  /** Converts the record key. */
  public static final class Key<R extends ConnectRecord<R>> extends NormalizeTypes<R> {
    public Key() {
      super(true);
    }
  }

  /** Converts the record value. */
  public static final class Value<R extends ConnectRecord<R>> extends NormalizeTypes<R> {
    public Value() {
      super(false);
    }
  }
}
