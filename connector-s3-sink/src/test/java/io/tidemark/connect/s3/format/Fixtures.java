package io.tidemark.connect.s3.format;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/** A Debezium-shaped row with every logical type the converter maps. */
final class Fixtures {

  /** 2026-11-21 as days since the epoch. */
  static final int DAY = 20_778;

  /** 2026-11-21T08:30:00.123456Z in µs. */
  static final long MICROS = 1_795_249_800_123_456L;

  static final Schema ADDRESS =
      SchemaBuilder.struct()
          .name("Address")
          .field("city", Schema.STRING_SCHEMA)
          .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  static final Schema VARIABLE_SCALE =
      SchemaBuilder.struct()
          .name("io.debezium.data.VariableScaleDecimal")
          .field("scale", Schema.INT32_SCHEMA)
          .field("value", Schema.BYTES_SCHEMA)
          .optional()
          .build();

  static final Schema VALUE =
      SchemaBuilder.struct()
          .name("dbserver.inventory.orders.Value")
          .field("id", Schema.INT64_SCHEMA)
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("small", Schema.OPTIONAL_INT16_SCHEMA)
          .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
          .field("active", Schema.OPTIONAL_BOOLEAN_SCHEMA)
          .field(
              "order_date", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
          .field(
              "created",
              SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
          .field(
              "updated",
              SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
          .field(
              "amount",
              Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build())
          .field(
              "big",
              Decimal.builder(4).parameter("connect.decimal.precision", "30").optional().build())
          .field("vsd", VARIABLE_SCALE)
          .field("doc", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
          .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
          .field(
              "attrs",
              SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
          .field("address", ADDRESS)
          .build();

  static Struct value() {
    return new Struct(VALUE)
        .put("id", 42L)
        .put("name", "Zoë, \"the\" tester")
        .put("small", (short) 7)
        .put("ratio", 0.25)
        .put("active", true)
        .put("order_date", DAY)
        .put("created", MICROS)
        .put("updated", "2026-11-21T10:30:00.123456+02:00")
        .put("amount", new BigDecimal("-12345678.90"))
        .put("big", new BigDecimal("12345678901234567890123456.7890"))
        .put(
            "vsd",
            new Struct(VARIABLE_SCALE)
                .put("scale", 3)
                .put(
                    "value",
                    ByteBuffer.wrap(new BigDecimal("1234.567").unscaledValue().toByteArray())))
        .put("doc", "{\"a\":1}")
        .put("tags", List.of("x", "y"))
        .put("attrs", Map.of("k", 1))
        .put("address", new Struct(ADDRESS).put("city", "Lyon"));
  }

  private Fixtures() {}
}
