package io.tidemark.connect.smt;

import io.tidemark.connect.smt.path.FieldPath;
import io.tidemark.connect.smt.path.Paths;
import io.tidemark.connect.smt.types.DebeziumTypes;
import io.tidemark.connect.smt.util.Configs;
import io.tidemark.connect.smt.util.SchemaCache;
import io.tidemark.connect.smt.util.Structs;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * Adds Hive-style partition columns (by default {@code dt=yyyy-MM-dd} and {@code hr=HH}) to the
 * record value, computed from a timestamp field or the record timestamp in a configured time zone.
 * Value only.
 */
public class TimePartitionFields<R extends ConnectRecord<R>> extends KeyOrValueTransformation<R> {

  public static final String OVERVIEW_DOC =
      "Adds partition columns such as dt=2024-02-29 and hr=13 to the value, from a "
          + "timestamp field or the record timestamp, in a configurable time zone, for Hive-style partitioning.";

  /** Where the instant comes from. */
  public enum Source {
    FIELD,
    RECORD
  }

  /** Unit of integer timestamps. */
  public enum Unit {
    SECONDS,
    MILLIS,
    MICROS,
    NANOS
  }

  /** What to do when there is no timestamp. */
  public enum MissingHandling {
    FAIL,
    NULL
  }

  public static final String TIMESTAMP_SOURCE = "timestamp.source";
  public static final String TIMESTAMP_FIELD = "timestamp.field";
  public static final String TIMESTAMP_FIELD_UNIT = "timestamp.field.unit";
  public static final String TIMEZONE = "timezone";
  public static final String DATE_FIELD = "date.field";
  public static final String DATE_FORMAT = "date.format";
  public static final String HOUR_FIELD = "hour.field";
  public static final String HOUR_FORMAT = "hour.format";
  public static final String MISSING_HANDLING = "missing.handling";

  private static final String GROUP_SOURCE = "Timestamp";
  private static final String GROUP_OUTPUT = "Partition fields";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              TIMESTAMP_SOURCE,
              ConfigDef.Type.STRING,
              "record",
              Configs.oneOf(Source.class),
              ConfigDef.Importance.HIGH,
              "'record': the Kafka record timestamp; 'field': the value of "
                  + TIMESTAMP_FIELD
                  + ".",
              GROUP_SOURCE,
              1,
              ConfigDef.Width.SHORT,
              "Timestamp source",
              Configs.oneOf(Source.class))
          .define(
              TIMESTAMP_FIELD,
              ConfigDef.Type.STRING,
              "",
              ConfigDef.Importance.HIGH,
              "Path of the timestamp field when "
                  + TIMESTAMP_SOURCE
                  + "=field, e.g. '__source_ts' or 'created_at'. "
                  + "Accepted values: Connect Timestamp/Date, integers (see "
                  + TIMESTAMP_FIELD_UNIT
                  + "; Debezium MicroTimestamp/NanoTimestamp are recognised by schema name), ISO-8601 strings "
                  + "with an offset or Z.",
              GROUP_SOURCE,
              2,
              ConfigDef.Width.MEDIUM,
              "Timestamp field")
          .define(
              TIMESTAMP_FIELD_UNIT,
              ConfigDef.Type.STRING,
              "millis",
              Configs.oneOf(Unit.class),
              ConfigDef.Importance.MEDIUM,
              "Unit of integer timestamps since the epoch: seconds, millis, micros or nanos.",
              GROUP_SOURCE,
              3,
              ConfigDef.Width.SHORT,
              "Integer unit",
              Configs.oneOf(Unit.class))
          .define(
              TIMEZONE,
              ConfigDef.Type.STRING,
              "UTC",
              Configs.ZONE_ID,
              ConfigDef.Importance.HIGH,
              "Time zone of the partition values.",
              GROUP_SOURCE,
              4,
              ConfigDef.Width.SHORT,
              "Time zone")
          .define(
              MISSING_HANDLING,
              ConfigDef.Type.STRING,
              "fail",
              Configs.oneOf(MissingHandling.class),
              ConfigDef.Importance.MEDIUM,
              "No timestamp (null or absent field, record without timestamp): 'fail' raises a DataException, "
                  + "'null' adds the partition fields with null values.",
              GROUP_SOURCE,
              5,
              ConfigDef.Width.SHORT,
              "Missing timestamp",
              Configs.oneOf(MissingHandling.class))
          .define(
              DATE_FIELD,
              ConfigDef.Type.STRING,
              "dt",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.MEDIUM,
              "Name of the added optional string date field; empty to omit.",
              GROUP_OUTPUT,
              1,
              ConfigDef.Width.SHORT,
              "Date field")
          .define(
              DATE_FORMAT,
              ConfigDef.Type.STRING,
              "yyyy-MM-dd",
              Configs.DATE_TIME_PATTERN,
              ConfigDef.Importance.LOW,
              "java.time pattern of the date field.",
              GROUP_OUTPUT,
              2,
              ConfigDef.Width.SHORT,
              "Date format")
          .define(
              HOUR_FIELD,
              ConfigDef.Type.STRING,
              "hr",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.MEDIUM,
              "Name of the added optional string hour field; empty to omit.",
              GROUP_OUTPUT,
              3,
              ConfigDef.Width.SHORT,
              "Hour field")
          .define(
              HOUR_FORMAT,
              ConfigDef.Type.STRING,
              "HH",
              Configs.DATE_TIME_PATTERN,
              ConfigDef.Importance.LOW,
              "java.time pattern of the hour field.",
              GROUP_OUTPUT,
              4,
              ConfigDef.Width.SHORT,
              "Hour format");

  private final SchemaCache<Schema> schemas = new SchemaCache<>();
  private Source source;
  private FieldPath field;
  private Unit unit;
  private MissingHandling missing;
  private String dateField;
  private String hourField;
  private DateTimeFormatter dateFormat;
  private DateTimeFormatter hourFormat;

  public TimePartitionFields() {
    super(false);
  }

  @Override
  public void configure(Map<String, ?> props) {
    AbstractConfig c = new AbstractConfig(CONFIG_DEF, props);
    source = Configs.parseEnum(Source.class, TIMESTAMP_SOURCE, c.getString(TIMESTAMP_SOURCE));
    String f = c.getString(TIMESTAMP_FIELD);
    if (source == Source.FIELD) {
      if (f.isEmpty()) {
        throw new ConfigException(
            TIMESTAMP_FIELD, f, "required when " + TIMESTAMP_SOURCE + "=field");
      }
      try {
        field = FieldPath.parse(f);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(TIMESTAMP_FIELD, f, e.getMessage());
      }
    }
    unit = Configs.parseEnum(Unit.class, TIMESTAMP_FIELD_UNIT, c.getString(TIMESTAMP_FIELD_UNIT));
    missing =
        Configs.parseEnum(MissingHandling.class, MISSING_HANDLING, c.getString(MISSING_HANDLING));
    ZoneId zone = ZoneId.of(c.getString(TIMEZONE));
    dateField = c.getString(DATE_FIELD).isEmpty() ? null : c.getString(DATE_FIELD);
    hourField = c.getString(HOUR_FIELD).isEmpty() ? null : c.getString(HOUR_FIELD);
    if (dateField == null && hourField == null) {
      throw new ConfigException(
          DATE_FIELD, "", "at least one of " + DATE_FIELD + " and " + HOUR_FIELD + " must be set");
    }
    if (dateField != null && dateField.equals(hourField)) {
      throw new ConfigException(HOUR_FIELD, hourField, "must differ from " + DATE_FIELD);
    }
    dateFormat = DateTimeFormatter.ofPattern(c.getString(DATE_FORMAT)).withZone(zone);
    hourFormat = DateTimeFormatter.ofPattern(c.getString(HOUR_FORMAT)).withZone(zone);
    schemas.clear();
  }

  @Override
  protected Part transform(R record, Schema schema, Object value) {
    Instant instant = instant(record, schema, value);
    String dt = instant == null || dateField == null ? null : dateFormat.format(instant);
    String hr = instant == null || hourField == null ? null : hourFormat.format(instant);
    if (value instanceof Struct struct) {
      Schema out = schemas.get(struct.schema(), () -> extend(struct.schema()));
      Struct result = new Struct(out);
      for (Field f : struct.schema().fields()) {
        result.put(f.name(), Structs.get(struct, f));
      }
      if (dateField != null) {
        result.put(dateField, dt);
      }
      if (hourField != null) {
        result.put(hourField, hr);
      }
      return new Part(out, result);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> result = new LinkedHashMap<>(map);
      putNew(result, dateField, dt);
      putNew(result, hourField, hr);
      return new Part(schema, result);
    }
    throw new DataException(
        "expected a struct or map value but found " + value.getClass().getSimpleName());
  }

  private static void putNew(Map<Object, Object> m, String name, String v) {
    if (name != null) {
      if (m.containsKey(name)) {
        throw new DataException(
            "field '" + name + "' already exists; configure another partition field name");
      }
      m.put(name, v);
    }
  }

  private Schema extend(Schema schema) {
    SchemaBuilder b = SchemaBuilder.struct();
    if (schema.name() != null) {
      b.name(schema.name());
    }
    if (schema.version() != null) {
      b.version(schema.version());
    }
    if (schema.doc() != null) {
      b.doc(schema.doc());
    }
    if (schema.isOptional()) {
      b.optional();
    }
    for (Field f : schema.fields()) {
      b.field(f.name(), f.schema());
    }
    for (String name : new String[] {dateField, hourField}) {
      if (name != null) {
        if (schema.field(name) != null) {
          throw new DataException(
              "field '" + name + "' already exists; configure another partition field name");
        }
        b.field(name, Schema.OPTIONAL_STRING_SCHEMA);
      }
    }
    return b.build();
  }

  private Instant instant(R record, Schema schema, Object value) {
    Object raw;
    Schema rawSchema = null;
    String what;
    if (source == Source.RECORD) {
      raw = record.timestamp();
      what = "record timestamp";
    } else {
      raw = Paths.get(value, field);
      rawSchema = schema == null ? null : Paths.schemaAt(schema, field);
      what = "field '" + field + "'";
    }
    if (raw == null) {
      if (missing == MissingHandling.NULL) {
        return null;
      }
      throw new DataException(
          what + " is null or absent; set " + MISSING_HANDLING + "=null to add null partitions");
    }
    LocalDate day = calendarDay(rawSchema, raw);
    if (day != null) {
      // A DATE is a calendar day, not an instant: it partitions as its own day in every zone.
      return day.atStartOfDay(dateFormat.getZone()).toInstant();
    }
    if (raw instanceof java.util.Date d) {
      return d.toInstant();
    }
    if (raw instanceof Long || raw instanceof Integer) {
      long n = ((Number) raw).longValue();
      Unit u = unitFor(rawSchema);
      switch (u) {
        case SECONDS:
          return Instant.ofEpochSecond(n);
        case MILLIS:
          return Instant.ofEpochMilli(n);
        case MICROS:
          return Instant.ofEpochSecond(
              Math.floorDiv(n, 1_000_000L), Math.floorMod(n, 1_000_000L) * 1000L);
        default:
          return Instant.ofEpochSecond(
              Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
      }
    }
    if (raw instanceof String s) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        throw new DataException(what + ": '" + s + "' is not an ISO-8601 timestamp with an offset");
      }
    }
    throw new DataException(
        what
            + ": expected a timestamp, an integer or an ISO-8601 string but found "
            + raw.getClass().getSimpleName());
  }

  /** The day of a Connect Date or a Debezium Date (days since 1970), else null. */
  private static LocalDate calendarDay(Schema schema, Object raw) {
    String name = schema == null ? null : schema.name();
    if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(name)
        && raw instanceof java.util.Date d) {
      return LocalDate.ofEpochDay(Math.floorDiv(d.getTime(), 86_400_000L));
    }
    if ("io.debezium.time.Date".equals(name) && raw instanceof Number n) {
      return LocalDate.ofEpochDay(n.longValue());
    }
    return null;
  }

  private Unit unitFor(Schema schema) {
    if (schema != null && schema.name() != null) {
      switch (schema.name()) {
        case DebeziumTypes.MICRO_TIMESTAMP:
          return Unit.MICROS;
        case DebeziumTypes.NANO_TIMESTAMP:
          return Unit.NANOS;
        case DebeziumTypes.TIMESTAMP:
          return Unit.MILLIS;
        default:
          break;
      }
    }
    return unit;
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {
    schemas.clear();
  }
}
