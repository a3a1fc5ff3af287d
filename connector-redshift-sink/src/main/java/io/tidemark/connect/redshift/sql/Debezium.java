package io.tidemark.connect.redshift.sql;

/**
 * Debezium's logical schema names (its {@code io.debezium.time} and {@code io.debezium.data}
 * types).
 */
final class Debezium {
  static final String DATE = "io.debezium.time.Date";
  static final String TIME = "io.debezium.time.Time";
  static final String MICRO_TIME = "io.debezium.time.MicroTime";
  static final String NANO_TIME = "io.debezium.time.NanoTime";
  static final String TIMESTAMP = "io.debezium.time.Timestamp";
  static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
  static final String NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
  static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
  static final String ZONED_TIME = "io.debezium.time.ZonedTime";
  static final String YEAR = "io.debezium.time.Year";
  static final String MICRO_DURATION = "io.debezium.time.MicroDuration";
  static final String INTERVAL = "io.debezium.time.Interval";
  static final String JSON = "io.debezium.data.Json";
  static final String UUID = "io.debezium.data.Uuid";
  static final String ENUM = "io.debezium.data.Enum";
  static final String ENUM_SET = "io.debezium.data.EnumSet";
  static final String BITS = "io.debezium.data.Bits";
  static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
  static final String XML = "io.debezium.data.Xml";
  static final String GEOMETRY = "io.debezium.data.geometry.Geometry";
  static final String GEOGRAPHY = "io.debezium.data.geometry.Geography";
  static final String POINT = "io.debezium.data.geometry.Point";

  private Debezium() {}
}
