package io.tidemark.connect.redshift.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.kit.GeneratedDoc;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class TypeMappingTest {

  private static Schema named(Schema base, String name) {
    return SchemaBuilder.type(base.type()).name(name).build();
  }

  @Test
  void primitives() {
    assertThat(TypeMapping.redshiftType(Schema.INT8_SCHEMA)).isEqualTo("SMALLINT");
    assertThat(TypeMapping.redshiftType(Schema.INT32_SCHEMA)).isEqualTo("INTEGER");
    assertThat(TypeMapping.redshiftType(Schema.INT64_SCHEMA)).isEqualTo("BIGINT");
    assertThat(TypeMapping.redshiftType(Schema.FLOAT32_SCHEMA)).isEqualTo("REAL");
    assertThat(TypeMapping.redshiftType(Schema.FLOAT64_SCHEMA)).isEqualTo("DOUBLE PRECISION");
    assertThat(TypeMapping.redshiftType(Schema.BOOLEAN_SCHEMA)).isEqualTo("BOOLEAN");
    assertThat(TypeMapping.redshiftType(Schema.STRING_SCHEMA)).isEqualTo("VARCHAR(65535)");
    assertThat(TypeMapping.redshiftType(Schema.BYTES_SCHEMA)).isEqualTo("VARBYTE(65535)");
    assertThat(TypeMapping.redshiftType(SchemaBuilder.array(Schema.STRING_SCHEMA).build()))
        .isEqualTo("SUPER");
  }

  @Test
  void varcharLengthIsInBytesAndCapped() {
    Schema s = SchemaBuilder.string().parameter("__debezium.source.column.length", "10").build();
    assertThat(TypeMapping.redshiftType(s)).isEqualTo("VARCHAR(40)");
    Schema big =
        SchemaBuilder.string().parameter("__debezium.source.column.length", "100000").build();
    assertThat(TypeMapping.redshiftType(big)).isEqualTo("VARCHAR(65535)");
  }

  @Test
  void decimals() {
    Schema d = Decimal.builder(2).parameter("connect.decimal.precision", "10").build();
    assertThat(TypeMapping.redshiftType(d)).isEqualTo("DECIMAL(10,2)");
    assertThat(TypeMapping.redshiftType(Decimal.schema(3))).isEqualTo("DECIMAL(38,3)");
    Schema wide = Decimal.builder(2).parameter("connect.decimal.precision", "65").build();
    assertThat(TypeMapping.redshiftType(wide)).isEqualTo("VARCHAR(67)");
  }

  /** MySQL BIGINT UNSIGNED from Debezium's bigint.unsigned.handling.mode=precise. */
  @Test
  void unsignedBigintIsDecimal20AndExact() {
    Schema u = Decimal.builder(0).parameter("connect.decimal.precision", "20").build();
    assertThat(TypeMapping.redshiftType(u)).isEqualTo("DECIMAL(20,0)");
    BigDecimal max = new BigDecimal("18446744073709551615");
    assertThat(ValueConverter.toSql(u, max)).isEqualTo(max);
    assertThat(SqlLiterals.literal(ValueConverter.toSql(u, max))).isEqualTo("18446744073709551615");
  }

  @Test
  void logicalTypes() {
    assertThat(TypeMapping.redshiftType(Date.SCHEMA)).isEqualTo("DATE");
    assertThat(TypeMapping.redshiftType(Time.SCHEMA)).isEqualTo("TIME");
    assertThat(TypeMapping.redshiftType(Timestamp.SCHEMA)).isEqualTo("TIMESTAMP");
    assertThat(TypeMapping.redshiftType(named(Schema.INT64_SCHEMA, Debezium.MICRO_TIMESTAMP)))
        .isEqualTo("TIMESTAMP");
    assertThat(TypeMapping.redshiftType(named(Schema.STRING_SCHEMA, Debezium.ZONED_TIMESTAMP)))
        .isEqualTo("TIMESTAMPTZ");
    assertThat(TypeMapping.redshiftType(named(Schema.STRING_SCHEMA, Debezium.JSON)))
        .isEqualTo("SUPER");
    assertThat(TypeMapping.redshiftType(named(Schema.STRING_SCHEMA, Debezium.UUID)))
        .isEqualTo("CHAR(36)");
    Schema e =
        SchemaBuilder.string().name(Debezium.ENUM).parameter("allowed", "small,médium").build();
    // Members may hold ',', so the bound is the whole joined text: "small,médium" is 13 bytes.
    assertThat(TypeMapping.redshiftType(e)).isEqualTo("VARCHAR(13)");
    Schema bits = SchemaBuilder.bytes().name(Debezium.BITS).parameter("length", "9").build();
    assertThat(TypeMapping.redshiftType(bits)).isEqualTo("VARBYTE(2)");
  }

  @Test
  void valuesFollowTheTypes() {
    assertThat(ValueConverter.toSql(named(Schema.INT32_SCHEMA, Debezium.DATE), 19_000))
        .isEqualTo(LocalDate.ofEpochDay(19_000));
    assertThat(
            ValueConverter.toSql(named(Schema.INT64_SCHEMA, Debezium.MICRO_TIME), 3_600_000_001L))
        .isEqualTo("01:00:00.000001");
    assertThat(ValueConverter.toSql(Time.SCHEMA, new java.util.Date(45_930_123L)))
        .isEqualTo(LocalTime.of(12, 45, 30, 123_000_000));
    assertThat(ValueConverter.toSql(named(Schema.INT64_SCHEMA, Debezium.MICRO_TIMESTAMP), -1L))
        .isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000));
    assertThat(
            ValueConverter.toSql(
                named(Schema.STRING_SCHEMA, Debezium.ZONED_TIMESTAMP), "2024-01-01T10:00:00+02:00"))
        .isEqualTo(Instant.parse("2024-01-01T08:00:00Z"));
    assertThat(ValueConverter.toSql(Timestamp.SCHEMA, new java.util.Date(0)))
        .isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0));
    assertThat(ValueConverter.toSql(Decimal.schema(2), new BigDecimal("1.25")))
        .isEqualTo(new BigDecimal("1.25"));
    Schema struct = SchemaBuilder.struct().field("a", Schema.STRING_SCHEMA).build();
    assertThat(ValueConverter.toSql(struct, new Struct(struct).put("a", "x\"y")))
        .isEqualTo(new SqlValue.Json("{\"a\":\"x\\\"y\"}"));
    Schema vsd =
        SchemaBuilder.struct()
            .name(Debezium.VARIABLE_SCALE_DECIMAL)
            .field("scale", Schema.INT32_SCHEMA)
            .field("value", Schema.BYTES_SCHEMA)
            .build();
    assertThat(
            ValueConverter.toSql(
                vsd, new Struct(vsd).put("scale", 3).put("value", new byte[] {0x30, 0x39})))
        .isEqualTo("12.345");
  }

  /** MySQL's TIME range, -838:59:59.000000 to 838:59:59.000000, as MySQL itself prints it. */
  @Test
  void debeziumTimesAreMySqlDurationsKeptExactlyAsText() {
    Schema micro = named(Schema.INT64_SCHEMA, Debezium.MICRO_TIME);
    Schema milli = named(Schema.INT32_SCHEMA, Debezium.TIME);
    Schema nano = named(Schema.INT64_SCHEMA, Debezium.NANO_TIME);
    assertThat(TypeMapping.redshiftType(micro)).isEqualTo("VARCHAR(24)");
    assertThat(TypeMapping.redshiftType(milli)).isEqualTo("VARCHAR(24)");
    assertThat(TypeMapping.redshiftType(nano)).isEqualTo("VARCHAR(24)");
    long max = (838L * 3600 + 59 * 60 + 59) * 1_000_000L;
    assertThat(ValueConverter.toSql(micro, -max)).isEqualTo("-838:59:59.000000");
    assertThat(ValueConverter.toSql(micro, max)).isEqualTo("838:59:59.000000");
    assertThat(ValueConverter.toSql(micro, 0L)).isEqualTo("00:00:00.000000");
    assertThat(ValueConverter.toSql(micro, 86_399_999_999L)).isEqualTo("23:59:59.999999");
    assertThat(ValueConverter.toSql(micro, 86_400_000_000L)).isEqualTo("24:00:00.000000");
    assertThat(ValueConverter.toSql(micro, -1L)).isEqualTo("-00:00:00.000001");
    assertThat(ValueConverter.toSql(micro, -45_000_000_000L)).isEqualTo("-12:30:00.000000");
    // io.debezium.time.Time is INT32 milliseconds: -2^31+1 ms is -596:31:23.647.
    assertThat(ValueConverter.toSql(milli, -2_147_483_647)).isEqualTo("-596:31:23.647000");
    assertThat(ValueConverter.toSql(milli, 49_530_123)).isEqualTo("13:45:30.123000");
    assertThat(ValueConverter.toSql(nano, 1_000_000_001L)).isEqualTo("00:00:01.000000001");
    assertThat(ValueConverter.toSql(nano, -max * 1000)).isEqualTo("-838:59:59.000000");
    // The longest text of any 64-bit value fits the column.
    assertThat(((String) ValueConverter.toSql(micro, -Long.MAX_VALUE)).length())
        .isLessThanOrEqualTo(24);
  }

  @Test
  void aConnectTimeOfTwentyFourHoursIsRefusedNotWrappedToMidnight() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ValueConverter.toSql(Time.SCHEMA, new java.util.Date(86_400_000L)))
        .isInstanceOf(org.apache.kafka.connect.errors.DataException.class)
        .hasMessageContaining("outside 00:00:00 to 23:59:59.999");
  }

  @Test
  void documentationTableMatchesTheCode() throws Exception {
    Path file = Path.of("docs/type-mapping.md");
    String text = Files.readString(file);
    GeneratedDoc.assertRegionCurrent(
        file, text.indexOf("| Source schema"), text.length(), TypeMapping.markdownTable());
  }
}
