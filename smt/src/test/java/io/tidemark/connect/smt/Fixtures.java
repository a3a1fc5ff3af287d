package io.tidemark.connect.smt;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/** Hand-built Debezium MySQL change events, with and without schemas. */
public final class Fixtures {

  public static final String TOPIC = "mysql.shop.customers";

  public static final Schema ROW =
      SchemaBuilder.struct()
          .name("mysql.shop.customers.Value")
          .field("id", Schema.INT32_SCHEMA)
          .field("email", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  public static final Schema SOURCE =
      SchemaBuilder.struct()
          .name("io.debezium.connector.mysql.Source")
          .field("version", Schema.STRING_SCHEMA)
          .field("connector", Schema.STRING_SCHEMA)
          .field("name", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.INT64_SCHEMA)
          .field("snapshot", SchemaBuilder.string().optional().defaultValue("false").build())
          .field("db", Schema.STRING_SCHEMA)
          .field("table", Schema.OPTIONAL_STRING_SCHEMA)
          .field("server_id", Schema.INT64_SCHEMA)
          .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
          .field("file", Schema.STRING_SCHEMA)
          .field("pos", Schema.INT64_SCHEMA)
          .field("row", Schema.INT32_SCHEMA)
          .field("thread", Schema.OPTIONAL_INT64_SCHEMA)
          .field("query", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  public static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .name("mysql.shop.customers.Envelope")
          .field(
              "before",
              SchemaBuilder.struct()
                  .name("mysql.shop.customers.Value")
                  .field("id", Schema.INT32_SCHEMA)
                  .field("email", Schema.OPTIONAL_STRING_SCHEMA)
                  .optional()
                  .build())
          .field(
              "after",
              SchemaBuilder.struct()
                  .name("mysql.shop.customers.Value")
                  .field("id", Schema.INT32_SCHEMA)
                  .field("email", Schema.OPTIONAL_STRING_SCHEMA)
                  .optional()
                  .build())
          .field("source", SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
          .build();

  public static final Schema KEY =
      SchemaBuilder.struct()
          .name("mysql.shop.customers.Key")
          .field("id", Schema.INT32_SCHEMA)
          .build();

  private Fixtures() {}

  public static Struct row(int id, String email) {
    return new Struct(ENVELOPE.field("after").schema()).put("id", id).put("email", email);
  }

  public static Struct source(String file, long pos, int row, String snapshot) {
    return new Struct(SOURCE)
        .put("version", "3.5.0.Final")
        .put("connector", "mysql")
        .put("name", "mysql")
        .put("ts_ms", 1_700_000_000_000L)
        .put("snapshot", snapshot)
        .put("db", "shop")
        .put("table", "customers")
        .put("server_id", 223344L)
        .put("file", file)
        .put("pos", pos)
        .put("row", row);
  }

  public static Struct envelope(String op, Struct before, Struct after) {
    return new Struct(ENVELOPE)
        .put("before", before)
        .put("after", after)
        .put("source", source("mysql-bin.000003", 154L, 0, "false"))
        .put("op", op)
        .put("ts_ms", 1_700_000_000_500L);
  }

  public static Map<String, Object> rowMap(int id, String email) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("email", email);
    return m;
  }

  public static Map<String, Object> envelopeMap(
      String op, Map<String, Object> before, Map<String, Object> after) {
    Map<String, Object> source = new HashMap<>();
    source.put("ts_ms", 1_700_000_000_000L);
    source.put("snapshot", "false");
    source.put("file", "mysql-bin.000003");
    source.put("pos", 154L);
    source.put("row", 0);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("before", before);
    m.put("after", after);
    m.put("source", source);
    m.put("op", op);
    m.put("ts_ms", 1_700_000_000_500L);
    return m;
  }

  public static SinkRecord record(Schema valueSchema, Object value) {
    return new SinkRecord(TOPIC, 2, KEY, new Struct(KEY).put("id", 1), valueSchema, value, 42L);
  }

  public static SinkRecord schemaless(Object value) {
    return new SinkRecord(TOPIC, 2, null, Map.of("id", 1), null, value, 42L);
  }
}
