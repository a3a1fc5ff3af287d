package io.tidemark.connect.s3.format;

/** Schema names of the Connect and Debezium logical types the converter understands. */
final class LogicalTypes {

  static final String CONNECT_DATE = "org.apache.kafka.connect.data.Date";
  static final String CONNECT_TIME = "org.apache.kafka.connect.data.Time";
  static final String CONNECT_TIMESTAMP = "org.apache.kafka.connect.data.Timestamp";
  static final String CONNECT_DECIMAL = "org.apache.kafka.connect.data.Decimal";

  static final String DEBEZIUM_DATE = "io.debezium.time.Date";
  static final String DEBEZIUM_TIME = "io.debezium.time.Time";
  static final String DEBEZIUM_MICRO_TIME = "io.debezium.time.MicroTime";
  static final String DEBEZIUM_NANO_TIME = "io.debezium.time.NanoTime";
  static final String DEBEZIUM_TIMESTAMP = "io.debezium.time.Timestamp";
  static final String DEBEZIUM_MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
  static final String DEBEZIUM_NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
  static final String DEBEZIUM_ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
  static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
  static final String DEBEZIUM_BITS = "io.debezium.data.Bits";
  static final String DEBEZIUM_JSON = "io.debezium.data.Json";

  private LogicalTypes() {}
}
