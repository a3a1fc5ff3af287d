package io.tidemark.connect.smt.bench;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Change events shaped like the Debezium 3.5 MySQL connector's (envelope, source block and semantic
 * types as in SmtPipelineIT's real output): one schema instance per topic, as the connector hands
 * out, and a mix of updates, inserts and deletes.
 */
final class DebeziumEvents {

  static final String TOPIC = "bench.shop.orders";

  static final Schema KEY =
      SchemaBuilder.struct().name(TOPIC + ".Key").field("id", Schema.INT32_SCHEMA).build();

  static final Schema ROW =
      SchemaBuilder.struct()
          .name(TOPIC + ".Value")
          .optional()
          .field("id", Schema.INT32_SCHEMA)
          .field("customer_id", Schema.INT64_SCHEMA)
          .field("email", Schema.OPTIONAL_STRING_SCHEMA)
          .field(
              "status",
              SchemaBuilder.string()
                  .name("io.debezium.data.Enum")
                  .version(1)
                  .parameter("allowed", "new,paid,shipped,cancelled")
                  .optional()
                  .build())
          .field(
              "amount",
              Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build())
          .field("quantity", Schema.OPTIONAL_INT32_SCHEMA)
          .field(
              "order_date",
              SchemaBuilder.int32().name("io.debezium.time.Date").version(1).optional().build())
          .field(
              "created_at",
              SchemaBuilder.int64()
                  .name("io.debezium.time.MicroTimestamp")
                  .version(1)
                  .optional()
                  .build())
          .field(
              "shipped_at",
              SchemaBuilder.int64()
                  .name("io.debezium.time.Timestamp")
                  .version(1)
                  .optional()
                  .build())
          .field("note", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  static final Schema SOURCE =
      SchemaBuilder.struct()
          .name("io.debezium.connector.mysql.Source")
          .version(1)
          .field("version", Schema.STRING_SCHEMA)
          .field("connector", Schema.STRING_SCHEMA)
          .field("name", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field(
              "snapshot",
              SchemaBuilder.string()
                  .name("io.debezium.data.Enum")
                  .version(1)
                  .parameter(
                      "allowed",
                      "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental")
                  .defaultValue("false")
                  .optional()
                  .build())
          .field("db", Schema.STRING_SCHEMA)
          .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
          .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
          .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
          .field("table", Schema.OPTIONAL_STRING_SCHEMA)
          .field("server_id", Schema.INT64_SCHEMA)
          .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
          .field("file", Schema.STRING_SCHEMA)
          .field("pos", Schema.INT64_SCHEMA)
          .field("row", Schema.INT32_SCHEMA)
          .field("thread", Schema.OPTIONAL_INT64_SCHEMA)
          .field("query", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  static final Schema TRANSACTION =
      SchemaBuilder.struct()
          .name("event.block")
          .version(1)
          .optional()
          .field("id", Schema.STRING_SCHEMA)
          .field("total_order", Schema.INT64_SCHEMA)
          .field("data_collection_order", Schema.INT64_SCHEMA)
          .build();

  static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .name(TOPIC + ".Envelope")
          .version(2)
          .field("before", ROW)
          .field("after", ROW)
          .field("source", SOURCE)
          .field("transaction", TRANSACTION)
          .field("op", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
          .field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
          .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
          .build();

  private static final Map<String, ?> PARTITION = Map.of("server", "bench");

  private DebeziumEvents() {}

  /** {@code n} events: mostly updates, one in 16 an insert and one in 16 a delete. */
  static SourceRecord[] records(int n) {
    SourceRecord[] out = new SourceRecord[n];
    for (int i = 0; i < n; i++) {
      String op = i % 16 == 7 ? "c" : i % 16 == 15 ? "d" : "u";
      out[i] = record(i, op);
    }
    return out;
  }

  static SourceRecord record(int i, String op) {
    int id = 1000 + i;
    long tsMs = 1_767_225_600_000L + i * 37L;
    Struct before = op.equals("c") ? null : row(id, i, "paid");
    Struct after = op.equals("d") ? null : row(id, i, op.equals("c") ? "new" : "shipped");
    Struct source =
        new Struct(SOURCE)
            .put("version", "3.5.0.Final")
            .put("connector", "mysql")
            .put("name", "bench")
            .put("ts_ms", tsMs)
            .put("snapshot", "false")
            .put("db", "shop")
            .put("ts_us", tsMs * 1000)
            .put("ts_ns", tsMs * 1_000_000)
            .put("table", "orders")
            .put("server_id", 223344L)
            .put("gtid", "3e11fa47-71ca-11e1-9e33-c80aa9429562:" + (23 + i))
            .put("file", "mysql-bin.000" + (100 + i / 512))
            .put("pos", 4L + 1_000L * i)
            .put("row", i % 3)
            .put("thread", 7L + i % 5)
            .put("query", null);
    Struct envelope =
        new Struct(ENVELOPE)
            .put("before", before)
            .put("after", after)
            .put("source", source)
            .put("op", op)
            .put("ts_ms", tsMs + 250)
            .put("ts_us", (tsMs + 250) * 1000)
            .put("ts_ns", (tsMs + 250) * 1_000_000);
    Map<String, ?> offset =
        Map.of("file", source.getString("file"), "pos", source.getInt64("pos"), "row", 1);
    return new SourceRecord(
        PARTITION,
        offset,
        TOPIC,
        null,
        KEY,
        new Struct(KEY).put("id", id),
        ENVELOPE,
        envelope,
        tsMs);
  }

  private static Struct row(int id, int i, String status) {
    long createdMicros = 1_767_225_600_000_000L + i * 1_234_567L;
    return new Struct(ROW)
        .put("id", id)
        .put("customer_id", 500_000L + i % 977)
        .put("email", "customer" + (i % 977) + "@example.com")
        .put("status", status)
        .put("amount", new BigDecimal(BigDecimal.valueOf(1999 + 13L * i).unscaledValue(), 2))
        .put("quantity", 1 + i % 9)
        .put("order_date", 20_454 + i % 30)
        .put("created_at", createdMicros)
        .put("shipped_at", status.equals("shipped") ? createdMicros / 1000 + 86_400_000L : null)
        .put("note", i % 4 == 0 ? null : "leave at the door, ring twice");
  }
}
