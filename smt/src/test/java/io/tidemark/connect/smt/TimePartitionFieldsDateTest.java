package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Second-reader finding: a MySQL DATE partition field lands in the previous day's partition west of
 * UTC. A DATE is a calendar day, not an instant: MySQL {@code order_day = '2024-03-10'} belongs in
 * {@code dt=2024-03-10} whatever zone the partitions use. The S3 sink's TimePartitioner was fixed
 * for this (a48354c); TimePartitionFields, which the README says accepts "Connect Timestamp/Date",
 * still takes {@code java.util.Date.toInstant()} (midnight UTC) and formats it in {@code timezone}
 * (TimePartitionFields.instant: {@code raw instanceof java.util.Date d -> d.toInstant()}), and
 * reads Debezium's io.debezium.time.Date (days since the epoch) as epoch milliseconds.
 */
class TimePartitionFieldsDateTest {

  private static final LocalDate DAY = LocalDate.of(2024, 3, 10);

  private static String dt(Schema dateSchema, Object value, String zone) {
    Schema schema =
        SchemaBuilder.struct()
            .name("row")
            .field("id", Schema.INT32_SCHEMA)
            .field("order_day", dateSchema)
            .build();
    TimePartitionFields<SinkRecord> t = new TimePartitionFields<>();
    t.configure(
        Map.of(
            "timestamp.source", "field",
            "timestamp.field", "order_day",
            "timezone", zone,
            "hour.field", ""));
    SinkRecord out =
        t.apply(
            new SinkRecord(
                "t",
                0,
                null,
                null,
                schema,
                new Struct(schema).put("id", 1).put("order_day", value),
                3L));
    t.close();
    return (String) ((Struct) out.value()).getWithoutDefault("dt");
  }

  /** NormalizeTypes' default date.target=logical: a Connect Date. */
  @ParameterizedTest
  @ValueSource(strings = {"UTC", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata"})
  void aConnectDateLandsInItsOwnDay(String zone) {
    java.util.Date midnightUtc = new java.util.Date(DAY.toEpochDay() * 86_400_000L);
    assertThat(dt(Date.SCHEMA, midnightUtc, zone)).isEqualTo("2024-03-10");
  }

  /** Before NormalizeTypes (or without it): Debezium's io.debezium.time.Date, days since 1970. */
  @ParameterizedTest
  @ValueSource(strings = {"UTC", "America/Los_Angeles"})
  void aDebeziumDateLandsInItsOwnDay(String zone) {
    Schema debeziumDate = SchemaBuilder.int32().name("io.debezium.time.Date").build();
    assertThat(dt(debeziumDate, (int) DAY.toEpochDay(), zone)).isEqualTo("2024-03-10");
  }
}
