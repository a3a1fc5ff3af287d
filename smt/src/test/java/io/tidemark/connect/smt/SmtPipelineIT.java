package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.TopicReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Debezium MySQL -> CdcUnwrap -> NormalizeTypes -> NormalizeIdentifiers on a real Connect worker,
 * which loads the transforms from the built plugin archive (plugin.path,
 * plugin.discovery=service_load). One table holds every MySQL column type; two connectors read it
 * with the shipped Debezium config (decimal.handling.mode=precise,
 * time.precision.mode=adaptive_time_microseconds): one normalizes to Connect logical types for
 * Redshift names, one to strings for Athena names. Every field of every record that comes out is
 * checked: name, declared type (schema type and logical name) and value.
 */
@ExtendWith(LocalStackExtension.class)
class SmtPipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String DB = "smt_pipeline_it";

  private static final String DECIMAL = "org.apache.kafka.connect.data.Decimal";
  private static final String DATE = "org.apache.kafka.connect.data.Date";
  private static final String TIME = "org.apache.kafka.connect.data.Time";
  private static final String TIMESTAMP = "org.apache.kafka.connect.data.Timestamp";

  private static final String BIG =
      "12345678901234567890123456789012345.123456789012345678901234567890";
  private static final String[] GEOMETRY_COLUMNS = {
    "c_geometry", "c_point", "c_linestring", "c_polygon", "c_multipoint", "c_geomcollection"
  };

  private static final String CREATE_TABLE =
      "CREATE TABLE "
          + DB
          + ".all_types (id INT NOT NULL PRIMARY KEY,"
          + " c_tinyint TINYINT, c_tinyint_u TINYINT UNSIGNED, c_bool BOOLEAN, c_smallint SMALLINT,"
          + " c_smallint_u SMALLINT UNSIGNED, c_mediumint MEDIUMINT, c_mediumint_u MEDIUMINT UNSIGNED, c_int INT,"
          + " c_int_u INT UNSIGNED, c_bigint BIGINT, c_bigint_u BIGINT UNSIGNED,"
          + " c_decimal DECIMAL(10,2), c_decimal_max DECIMAL(65,30), c_float FLOAT, c_double DOUBLE,"
          + " c_bit1 BIT(1), c_bit10 BIT(10), c_bit64 BIT(64),"
          + " c_date DATE, c_time TIME, c_time6 TIME(6), c_datetime DATETIME, c_datetime3 DATETIME(3),"
          + " c_datetime6 DATETIME(6), c_timestamp TIMESTAMP NULL, c_timestamp6 TIMESTAMP(6) NULL, c_year YEAR,"
          + " c_zero_date DATE NULL, c_zero_date_nn DATE NOT NULL, c_zero_datetime DATETIME(6) NULL,"
          + " c_zero_datetime_nn DATETIME NOT NULL, c_zero_timestamp TIMESTAMP NULL,"
          + " c_char CHAR(10), c_varchar VARCHAR(100), c_tinytext TINYTEXT, c_text TEXT, c_mediumtext MEDIUMTEXT,"
          + " c_longtext LONGTEXT, c_binary BINARY(4), c_varbinary VARBINARY(16), c_tinyblob TINYBLOB, c_blob BLOB,"
          + " c_mediumblob MEDIUMBLOB, c_longblob LONGBLOB,"
          + " c_json JSON, c_enum ENUM('small','medium','large'), c_set SET('red','green','blue'),"
          + " c_geometry GEOMETRY, c_point POINT, c_linestring LINESTRING, c_polygon POLYGON,"
          + " c_multipoint MULTIPOINT, c_geomcollection GEOMETRYCOLLECTION,"
          + " `CamelCase` VARCHAR(10), `unit-price` DECIMAL(8,3), `select` INT)";

  private static final String INSERT_ROW_1 =
      "INSERT INTO "
          + DB
          + ".all_types VALUES (1,"
          + " -128, 255, TRUE, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,"
          + " -9223372036854775808, 18446744073709551615,"
          + " 12345678.90, "
          + BIG
          + ", 3.5, 2.718281828459045,"
          + " b'1', b'1000000001', b'1000000000000000000000000000000000000000000000000000000000000001',"
          + " '2024-02-29', '13:45:30', '23:59:59.999999', '2024-02-29 13:45:30', '2024-02-29 13:45:30.123',"
          + " '2024-02-29 13:45:30.123456', '2024-02-29 13:45:30', '2024-02-29 13:45:30.654321', 2024,"
          + " '0000-00-00', '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',"
          + " 'abc', 'h\u00e9llo w\u00f6rld', 'tiny', 'text', 'medium', 'long',"
          + " x'DEADBEEF', x'00FF', x'01', x'0203', x'04', x'05',"
          + " '{\"a\": 1, \"b\": [true, null]}', 'medium', 'red,blue',"
          + " ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POINT(3.5 -4.25)'),"
          + " ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0)'), ST_GeomFromText('POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))'),"
          + " ST_GeomFromText('MULTIPOINT(1 1, 2 2)'),"
          + " ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1))'),"
          + " 'camel', 9.875, 7)";

  /**
   * One expected output field: schema type, logical name (or null) and value, or a check of the
   * value.
   */
  record Col(String type, String logical, Object value, Consumer<Object> check) {
    static Col of(String type, String logical, Object value) {
      return new Col(type, logical, value, null);
    }

    static Col of(String type, Object value) {
      return new Col(type, null, value, null);
    }

    static Col checked(String type, String logical, Consumer<Object> check) {
      return new Col(type, logical, null, check);
    }
  }

  /** A record as the worker's JsonConverter wrote it: schema and payload of key and value. */
  record Out(JsonNode keySchema, JsonNode key, JsonNode schema, JsonNode payload) {
    static Out parse(ConsumerRecord<String, String> record) {
      try {
        JsonNode k = JSON.readTree(record.key());
        JsonNode v =
            JSON.readTree(
                record.value() == null
                    ? "{\"payload\": {\"__op\": \"tombstone\"}}"
                    : record.value());
        return new Out(k.get("schema"), k.get("payload"), v.get("schema"), v.get("payload"));
      } catch (java.io.IOException e) {
        throw new AssertionError("not Connect JSON: " + record, e);
      }
    }

    String op() {
      return payload.path("__op").asText();
    }

    long id() {
      return payload.path("id").asLong();
    }

    String position() {
      return payload.path("__position").asText();
    }
  }

  @Test
  void debeziumChangesComeOutFlatTypedAndRenamed(LocalStack stack) throws Exception {
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    stack
        .mysql()
        .execute(
            "CREATE DATABASE " + DB,
            // MariaDB accepts zero dates only without NO_ZERO_DATE/strict mode.
            "SET SESSION sql_mode = ''",
            CREATE_TABLE,
            INSERT_ROW_1,
            "CREATE TABLE " + DB + ".durations (id INT NOT NULL PRIMARY KEY, d TIME, d6 TIME(6))",
            "INSERT INTO "
                + DB
                + ".durations VALUES (1, '838:59:59', '-838:59:59.000000'),"
                + " (2, '-12:30:00', '-00:00:01.500000')");
    Map<String, String> wkb = wkbFromDatabase(stack);

    // Connector "logical": Connect logical types, Redshift names. It leaves out the durations
    // table: TIME outside one day cannot be a Connect Time (NormalizeTypes fails such a record).
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json")
            .named("smt-it-logical")
            .with(
                Map.of(
                    "table.include.list", DB + ".all_types",
                    "transforms", "unwrap,types,names",
                    "transforms.unwrap.type", "io.tidemark.connect.smt.CdcUnwrap",
                    "transforms.types.type", "io.tidemark.connect.smt.NormalizeTypes$Value",
                    "transforms.names.type", "io.tidemark.connect.smt.NormalizeIdentifiers$Value",
                    "transforms.names.target", "redshift",
                    "transforms.names.reserved.word.handling", "suffix",
                    "transforms.names.topic.enabled", "true")),
        Map.of("TOPIC_PREFIX", "smtlogical", "MYSQL_DATABASES", DB, "MYSQL_SERVER_ID", "5611"),
        TIMEOUT);
    // Connector "string": strings everywhere (DATETIME written in New York), Athena names.
    Map<String, String> stringChain = new LinkedHashMap<>();
    stringChain.put("transforms", "unwrap,types,names");
    stringChain.put("transforms.unwrap.type", "io.tidemark.connect.smt.CdcUnwrap");
    stringChain.put("transforms.types.type", "io.tidemark.connect.smt.NormalizeTypes$Value");
    for (String key :
        List.of("date", "time", "timestamp", "zoned.timestamp", "year", "decimal", "bits", "set")) {
      stringChain.put("transforms.types." + key + ".target", "string");
    }
    stringChain.put("transforms.types.geometry.target", "wkt");
    stringChain.put("transforms.types.enum.target", "keep");
    stringChain.put("transforms.types.datetime.source.timezone", "America/New_York");
    stringChain.put("transforms.types.string.timezone", "UTC");
    stringChain.put("transforms.names.type", "io.tidemark.connect.smt.NormalizeIdentifiers$Value");
    stringChain.put("transforms.names.target", "athena");
    stringChain.put("transforms.names.reserved.word.handling", "suffix");
    stringChain.put("transforms.names.topic.enabled", "true");
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json")
            .named("smt-it-string")
            .with(stringChain),
        Map.of("TOPIC_PREFIX", "smtstring", "MYSQL_DATABASES", DB, "MYSQL_SERVER_ID", "5612"),
        TIMEOUT);

    String bootstrap = stack.kafka().bootstrapServers();
    try (TopicReader logical = new TopicReader(bootstrap, "smtlogical_smt_pipeline_it_all_types");
        TopicReader strings = new TopicReader(bootstrap, "smtstring_smt_pipeline_it_all_types");
        TopicReader durations = new TopicReader(bootstrap, "smtstring_smt_pipeline_it_durations")) {
      // Changes made before the snapshot's binlog position belong to the snapshot: wait for it.
      logical.readUntil(r -> !r.isEmpty(), TIMEOUT);
      strings.readUntil(r -> !r.isEmpty(), TIMEOUT);
      List<Out> durationRows =
          durations.readUntil(r -> r.size() >= 2, TIMEOUT).stream().map(Out::parse).toList();

      stack
          .mysql()
          .execute(
              "SET SESSION sql_mode = ''",
              "UPDATE "
                  + DB
                  + ".all_types SET c_decimal_max = -0.000000000000000000000000000001,"
                  + " c_datetime6 = '1969-12-31 23:59:59.999999', c_json = '[]', c_set = '', c_enum = 'large',"
                  + " c_bit10 = b'0', c_varchar = NULL WHERE id = 1",
              // One statement, one binlog event with two rows.
              "INSERT INTO "
                  + DB
                  + ".all_types (id, c_zero_date, c_zero_date_nn, c_zero_datetime,"
                  + " c_zero_datetime_nn, c_zero_timestamp) VALUES"
                  + " (2, '0000-00-00', '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),"
                  + " (3, NULL, '1000-01-01', NULL, '9999-12-31 12:00:00', NULL)",
              "DELETE FROM " + DB + ".all_types WHERE id = 2");

      List<Out> logicalRows = readChanges(logical);
      List<Out> stringRows = readChanges(strings);
      Instant finished = Instant.now().plusSeconds(1);

      SoftAssertions soft = new SoftAssertions();
      checkChanges(soft, logicalRows, logicalExpectations(wkb, started, finished), "smtlogical");
      checkChanges(soft, stringRows, stringExpectations(started, finished), "smtstring");
      checkDurations(soft, durationRows, started, finished);
      soft.assertAll();
    }
    // The transforms came from the built archive, found by service loading.
    assertThat(stack.connect().loadedPlugins()).anyMatch(p -> p.startsWith("tidemark-smt-"));
    assertThat(stack.connect().rest().pluginClasses(false))
        .contains(
            "io.tidemark.connect.smt.CdcUnwrap",
            "io.tidemark.connect.smt.NormalizeTypes$Value",
            "io.tidemark.connect.smt.NormalizeIdentifiers$Value");
    for (String connector : List.of("smt-it-logical", "smt-it-string")) {
      JsonNode status = stack.connect().rest().status(connector);
      assertThat(status.path("tasks").path(0).path("state").asText())
          .as(connector + " task")
          .isEqualTo("RUNNING");
    }
  }

  /**
   * Snapshot read, update, two inserts, delete; Debezium's tombstone after the delete is dropped by
   * CdcUnwrap.
   */
  private static List<Out> readChanges(TopicReader reader) {
    reader.readUntil(r -> r.size() >= 5, TIMEOUT);
    reader.poll(Duration.ofSeconds(3));
    return reader.records().stream().map(Out::parse).toList();
  }

  private static void checkChanges(
      SoftAssertions soft, List<Out> rows, Expectations e, String prefix) {
    assertThat(rows).extracting(r -> r.op() + r.id()).containsExactly("r1", "u1", "c2", "c3", "d2");
    String topic = prefix + "." + DB + ".all_types";
    Out snapshot = rows.get(0);
    Out update = rows.get(1);
    Out insert2 = rows.get(2);
    Out insert3 = rows.get(3);
    Out delete = rows.get(4);

    checkRow(soft, prefix + " r1", snapshot, e.row1(topic, "r", false));
    checkRow(soft, prefix + " u1", update, e.updated1(topic));
    checkRow(soft, prefix + " c2", insert2, e.row2(topic, "c", false));
    checkRow(soft, prefix + " c3", insert3, e.row3(topic));
    checkRow(soft, prefix + " d2", delete, e.row2(topic, "d", true));

    for (Out row : rows) {
      soft.assertThat(row.schema.path("name").asText())
          .as(prefix + " value schema name")
          .isEqualTo(topic + ".Value");
      soft.assertThat(row.keySchema.path("name").asText())
          .as(prefix + " key schema name")
          .isEqualTo(topic + ".Key");
      soft.assertThat(row.key.toString())
          .as(prefix + " key")
          .isEqualTo("{\"id\":" + row.id() + "}");
    }
    JsonNode decimalMax = fieldSchema(snapshot.schema, "c_decimal_max");
    if (DECIMAL.equals(decimalMax.path("name").asText())) {
      soft.assertThat(decimalMax.path("parameters").path("connect.decimal.precision").asText())
          .as(prefix + " DECIMAL(65,30) precision")
          .isEqualTo("65");
    }

    // Change positions: snapshot (S=0) first, then binlog order; the two rows of one event by
    // row number (here CdcUnwrap runs in the source connector, so there is no Kafka offset).
    List<String> positions = rows.stream().map(Out::position).toList();
    soft.assertThat(positions)
        .as(prefix + " positions")
        .isSortedAccordingTo(String::compareTo)
        .doesNotHaveDuplicates();
    soft.assertThat(positions.get(0))
        .as(prefix + " snapshot position")
        .matches("\\d{10}-\\d{19}-0-0{19}");
    soft.assertThat(positions.subList(1, 5))
        .as(prefix + " streamed positions")
        .allMatch(p -> p.matches("\\d{10}-\\d{19}-1-\\d{19}"));
    soft.assertThat(positions.get(2)).endsWith("-0000000000000000000");
    soft.assertThat(positions.get(3))
        .endsWith("-0000000000000000001")
        .startsWith(positions.get(2).substring(0, 33));
  }

  private static void checkDurations(
      SoftAssertions soft, List<Out> rows, Instant from, Instant to) {
    soft.assertThat(rows).extracting(Out::id).containsExactly(1L, 2L);
    String topic = "smtstring." + DB + ".durations";
    Map<String, Col> row1 = new LinkedHashMap<>();
    row1.put("id", Col.of("int32", 1L));
    row1.put("d", Col.of("string", "838:59:59.000000"));
    row1.put("d6", Col.of("string", "-838:59:59.000000"));
    metadata(row1, topic, "r", false, from, to);
    checkRow(soft, "durations 1", rows.get(0), row1);
    Map<String, Col> row2 = new LinkedHashMap<>(row1);
    row2.put("id", Col.of("int32", 2L));
    row2.put("d", Col.of("string", "-12:30:00.000000"));
    row2.put("d6", Col.of("string", "-00:00:01.500000"));
    checkRow(soft, "durations 2", rows.get(1), row2);
  }

  /** Field names in order, and for each field its type, logical name and value. */
  private static void checkRow(
      SoftAssertions soft, String what, Out out, Map<String, Col> expected) {
    List<String> names = new ArrayList<>();
    out.schema.path("fields").forEach(f -> names.add(f.path("field").asText()));
    soft.assertThat(names).as(what + " fields").containsExactlyElementsOf(expected.keySet());
    expected.forEach(
        (name, col) -> {
          JsonNode schema = fieldSchema(out.schema, name);
          soft.assertThat(schema.path("type").asText())
              .as(what + " " + name + " type")
              .isEqualTo(col.type());
          soft.assertThat(schema.path("name").asText(null))
              .as(what + " " + name + " logical type")
              .isEqualTo(col.logical());
          Object value = decode(schema, out.payload.get(name));
          if (col.check() != null) {
            soft.assertThatCode(() -> col.check().accept(value))
                .as(what + " " + name + " = " + value)
                .doesNotThrowAnyException();
          } else {
            soft.assertThat(value).as(what + " " + name).isEqualTo(col.value());
          }
        });
  }

  private static Object decode(JsonNode schema, JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    switch (schema.path("name").asText("")) {
      case DECIMAL:
        return new BigDecimal(
            new BigInteger(Base64.getDecoder().decode(value.asText())),
            schema.path("parameters").path("scale").asInt());
      case DATE:
        return LocalDate.ofEpochDay(value.asLong());
      case TIME:
        return LocalTime.ofNanoOfDay(value.asLong() * 1_000_000L);
      case TIMESTAMP:
        return Instant.ofEpochMilli(value.asLong());
      default:
        break;
    }
    switch (schema.path("type").asText()) {
      case "bytes":
        return HexFormat.of().formatHex(Base64.getDecoder().decode(value.asText()));
      case "array":
        List<Object> list = new ArrayList<>();
        value.forEach(v -> list.add(decode(schema.path("items"), v)));
        return list;
      case "string":
        return value.asText();
      case "boolean":
        return value.asBoolean();
      case "float":
      case "double":
        return value.asDouble();
      case "int8":
      case "int16":
      case "int32":
      case "int64":
        return value.asLong();
      default:
        throw new AssertionError("unexpected " + schema + " after the chain: " + value);
    }
  }

  private static JsonNode fieldSchema(JsonNode struct, String name) {
    for (JsonNode f : struct.path("fields")) {
      if (name.equals(f.path("field").asText())) {
        return f;
      }
    }
    return JSON.missingNode();
  }

  /** The expected rows of one connector. */
  interface Expectations {
    Map<String, Col> row1(String topic, String op, boolean deleted);

    Map<String, Col> updated1(String topic);

    Map<String, Col> row2(String topic, String op, boolean deleted);

    Map<String, Col> row3(String topic);
  }

  private static Expectations logicalExpectations(
      Map<String, String> wkb, Instant from, Instant to) {
    return new Expectations() {
      @Override
      public Map<String, Col> row1(String topic, String op, boolean deleted) {
        Map<String, Col> m = integers(1);
        m.put("c_decimal", Col.of("bytes", DECIMAL, new BigDecimal("12345678.90")));
        m.put("c_decimal_max", Col.of("bytes", DECIMAL, new BigDecimal(BIG)));
        m.put("c_float", Col.of("float", 3.5));
        m.put("c_double", Col.of("double", 2.718281828459045));
        m.put("c_bit1", Col.of("boolean", true));
        m.put("c_bit10", Col.of("int64", 513L));
        m.put("c_bit64", Col.of("int64", Long.MIN_VALUE + 1));
        m.put("c_date", Col.of("int32", DATE, LocalDate.of(2024, 2, 29)));
        m.put("c_time", Col.of("int32", TIME, LocalTime.of(13, 45, 30)));
        // Connect Time/Timestamp hold milliseconds: microseconds are floored.
        m.put("c_time6", Col.of("int32", TIME, LocalTime.of(23, 59, 59, 999_000_000)));
        m.put("c_datetime", Col.of("int64", TIMESTAMP, Instant.parse("2024-02-29T13:45:30Z")));
        m.put("c_datetime3", Col.of("int64", TIMESTAMP, Instant.parse("2024-02-29T13:45:30.123Z")));
        m.put("c_datetime6", Col.of("int64", TIMESTAMP, Instant.parse("2024-02-29T13:45:30.123Z")));
        m.put("c_timestamp", Col.of("int64", TIMESTAMP, Instant.parse("2024-02-29T13:45:30Z")));
        m.put(
            "c_timestamp6", Col.of("int64", TIMESTAMP, Instant.parse("2024-02-29T13:45:30.654Z")));
        m.put("c_year", Col.of("int32", 2024L));
        // Zero dates: Debezium emits null for a nullable column, the epoch for a NOT NULL one; a
        // zero
        // TIMESTAMP is null in the snapshot but the epoch when streamed (the binlog holds 0
        // seconds).
        m.put("c_zero_date", Col.of("int32", DATE, null));
        m.put("c_zero_date_nn", Col.of("int32", DATE, LocalDate.EPOCH));
        m.put("c_zero_datetime", Col.of("int64", TIMESTAMP, null));
        m.put("c_zero_datetime_nn", Col.of("int64", TIMESTAMP, Instant.EPOCH));
        m.put("c_zero_timestamp", Col.of("int64", TIMESTAMP, null));
        texts(m);
        m.put("c_set", Col.of("array", List.of("red", "blue")));
        for (String g : GEOMETRY_COLUMNS) {
          m.put(g, Col.of("bytes", wkb.get(g)));
        }
        m.put("camelcase", Col.of("string", "camel"));
        m.put("unit_price", Col.of("bytes", DECIMAL, new BigDecimal("9.875")));
        m.put("select_", Col.of("int32", 7L));
        metadata(m, topic, op, deleted, from, to);
        return m;
      }

      @Override
      public Map<String, Col> updated1(String topic) {
        Map<String, Col> m = row1(topic, "u", false);
        m.put(
            "c_decimal_max",
            Col.of("bytes", DECIMAL, new BigDecimal("-0.000000000000000000000000000001")));
        m.put("c_datetime6", Col.of("int64", TIMESTAMP, Instant.parse("1969-12-31T23:59:59.999Z")));
        m.put("c_json", Col.of("string", "[]"));
        m.put("c_set", Col.of("array", List.of()));
        m.put("c_enum", Col.of("string", "large"));
        m.put("c_bit10", Col.of("int64", 0L));
        m.put("c_varchar", Col.of("string", null));
        m.put("c_zero_timestamp", Col.of("int64", TIMESTAMP, Instant.EPOCH));
        return m;
      }

      @Override
      public Map<String, Col> row2(String topic, String op, boolean deleted) {
        Map<String, Col> m = nulls(row1(topic, op, deleted), 2);
        m.put("c_zero_date_nn", Col.of("int32", DATE, LocalDate.EPOCH));
        m.put("c_zero_datetime_nn", Col.of("int64", TIMESTAMP, Instant.EPOCH));
        m.put("c_zero_timestamp", Col.of("int64", TIMESTAMP, Instant.EPOCH));
        return m;
      }

      @Override
      public Map<String, Col> row3(String topic) {
        Map<String, Col> m = nulls(row1(topic, "c", false), 3);
        m.put("c_zero_date_nn", Col.of("int32", DATE, LocalDate.of(1000, 1, 1)));
        m.put(
            "c_zero_datetime_nn",
            Col.of("int64", TIMESTAMP, Instant.parse("9999-12-31T12:00:00Z")));
        return m;
      }
    };
  }

  private static Expectations stringExpectations(Instant from, Instant to) {
    return new Expectations() {
      @Override
      public Map<String, Col> row1(String topic, String op, boolean deleted) {
        Map<String, Col> m = integers(1);
        m.put("c_bigint_u", Col.of("string", "18446744073709551615"));
        m.put("c_decimal", Col.of("string", "12345678.90"));
        m.put("c_decimal_max", Col.of("string", BIG));
        m.put("c_float", Col.of("float", 3.5));
        m.put("c_double", Col.of("double", 2.718281828459045));
        m.put("c_bit1", Col.of("boolean", true));
        m.put("c_bit10", Col.of("string", "1000000001"));
        m.put("c_bit64", Col.of("string", "1" + "0".repeat(62) + "1"));
        m.put("c_date", Col.of("string", "2024-02-29"));
        m.put("c_time", Col.of("string", "13:45:30.000000"));
        m.put("c_time6", Col.of("string", "23:59:59.999999"));
        // DATETIME is wall-clock time in datetime.source.timezone (New York, UTC-5 in February).
        m.put("c_datetime", Col.of("string", "2024-02-29 18:45:30.000000"));
        m.put("c_datetime3", Col.of("string", "2024-02-29 18:45:30.123000"));
        m.put("c_datetime6", Col.of("string", "2024-02-29 18:45:30.123456"));
        // TIMESTAMP is an instant (ZonedTimestamp in UTC) and keeps its microseconds as a string.
        m.put("c_timestamp", Col.of("string", "2024-02-29 13:45:30.000000"));
        m.put("c_timestamp6", Col.of("string", "2024-02-29 13:45:30.654321"));
        m.put("c_year", Col.of("string", "2024"));
        m.put("c_zero_date", Col.of("string", null));
        m.put("c_zero_date_nn", Col.of("string", "1970-01-01"));
        m.put("c_zero_datetime", Col.of("string", null));
        m.put("c_zero_datetime_nn", Col.of("string", "1970-01-01 05:00:00.000000"));
        m.put("c_zero_timestamp", Col.of("string", null));
        texts(m);
        m.put("c_enum", Col.of("string", "io.debezium.data.Enum", "medium"));
        m.put("c_set", Col.of("string", "red,blue"));
        m.put("c_geometry", Col.of("string", "POINT (1 2)"));
        m.put("c_point", Col.of("string", "POINT (3.5 -4.25)"));
        m.put("c_linestring", Col.of("string", "LINESTRING (0 0, 1 1, 2 0)"));
        m.put("c_polygon", Col.of("string", "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))"));
        m.put("c_multipoint", Col.of("string", "MULTIPOINT ((1 1), (2 2))"));
        m.put(
            "c_geomcollection",
            Col.of("string", "GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 1 1))"));
        m.put("camelcase", Col.of("string", "camel"));
        m.put("unit_price", Col.of("string", "9.875"));
        m.put("select_", Col.of("int32", 7L));
        metadata(m, topic, op, deleted, from, to);
        return m;
      }

      @Override
      public Map<String, Col> updated1(String topic) {
        Map<String, Col> m = row1(topic, "u", false);
        m.put("c_decimal_max", Col.of("string", "-0.000000000000000000000000000001"));
        m.put("c_datetime6", Col.of("string", "1970-01-01 04:59:59.999999"));
        m.put("c_json", Col.of("string", "[]"));
        m.put("c_set", Col.of("string", ""));
        m.put("c_enum", Col.of("string", "io.debezium.data.Enum", "large"));
        m.put("c_bit10", Col.of("string", "0000000000"));
        m.put("c_varchar", Col.of("string", null));
        m.put("c_zero_timestamp", Col.of("string", "1970-01-01 00:00:00.000000"));
        return m;
      }

      @Override
      public Map<String, Col> row2(String topic, String op, boolean deleted) {
        Map<String, Col> m = nulls(row1(topic, op, deleted), 2);
        m.put("c_zero_date_nn", Col.of("string", "1970-01-01"));
        m.put("c_zero_datetime_nn", Col.of("string", "1970-01-01 05:00:00.000000"));
        m.put("c_zero_timestamp", Col.of("string", "1970-01-01 00:00:00.000000"));
        return m;
      }

      @Override
      public Map<String, Col> row3(String topic) {
        Map<String, Col> m = nulls(row1(topic, "c", false), 3);
        m.put("c_zero_date_nn", Col.of("string", "1000-01-01"));
        m.put("c_zero_datetime_nn", Col.of("string", "9999-12-31 17:00:00.000000"));
        return m;
      }
    };
  }

  /** The integer columns, the same for both connectors. */
  private static Map<String, Col> integers(long id) {
    Map<String, Col> m = new LinkedHashMap<>();
    m.put("id", Col.of("int32", id));
    m.put("c_tinyint", Col.of("int16", -128L));
    m.put("c_tinyint_u", Col.of("int16", 255L));
    m.put("c_bool", Col.of("int16", 1L));
    m.put("c_smallint", Col.of("int16", -32768L));
    m.put("c_smallint_u", Col.of("int32", 65535L));
    m.put("c_mediumint", Col.of("int32", -8388608L));
    m.put("c_mediumint_u", Col.of("int32", 16777215L));
    m.put("c_int", Col.of("int32", -2147483648L));
    m.put("c_int_u", Col.of("int64", 4294967295L));
    m.put("c_bigint", Col.of("int64", Long.MIN_VALUE));
    // The shipped config sets bigint.unsigned.handling.mode=precise: MySQL's 2^64-1 arrives exactly
    // as a Decimal of scale 0 (with the default long mode it wrapped to -1).
    m.put("c_bigint_u", Col.of("bytes", DECIMAL, new BigDecimal("18446744073709551615")));
    return m;
  }

  /** Text, binary, JSON and enum columns (the same for both connectors), in table order. */
  private static void texts(Map<String, Col> m) {
    m.put("c_char", Col.of("string", "abc"));
    m.put("c_varchar", Col.of("string", "h\u00e9llo w\u00f6rld"));
    m.put("c_tinytext", Col.of("string", "tiny"));
    m.put("c_text", Col.of("string", "text"));
    m.put("c_mediumtext", Col.of("string", "medium"));
    m.put("c_longtext", Col.of("string", "long"));
    m.put("c_binary", Col.of("bytes", "deadbeef"));
    m.put("c_varbinary", Col.of("bytes", "00ff"));
    m.put("c_tinyblob", Col.of("bytes", "01"));
    m.put("c_blob", Col.of("bytes", "0203"));
    m.put("c_mediumblob", Col.of("bytes", "04"));
    m.put("c_longblob", Col.of("bytes", "05"));
    // MariaDB's JSON is LONGTEXT with a check: a plain string (MySQL's would be
    // io.debezium.data.Json -> string).
    m.put("c_json", Col.of("string", "{\"a\": 1, \"b\": [true, null]}"));
    m.put("c_enum", Col.of("string", "medium"));
  }

  /** The same fields with null values, except the key and the metadata. */
  private static Map<String, Col> nulls(Map<String, Col> row, long id) {
    Map<String, Col> m = new LinkedHashMap<>();
    row.forEach(
        (name, col) ->
            m.put(
                name,
                name.startsWith("__") ? col : new Col(col.type(), col.logical(), null, null)));
    m.put("id", Col.of("int32", id));
    return m;
  }

  /** CdcUnwrap's metadata columns on the source side: no partition or offset yet. */
  private static void metadata(
      Map<String, Col> m, String topic, String op, boolean deleted, Instant from, Instant to) {
    m.put("__op", Col.of("string", op));
    m.put(
        "__source_ts",
        Col.checked(
            "int64", TIMESTAMP, v -> assertThat((Instant) v).isBetween(from.minusSeconds(1), to)));
    m.put("__position", Col.checked("string", null, v -> assertThat((String) v).hasSize(52)));
    m.put("__topic", Col.of("string", topic));
    m.put("__partition", Col.of("int32", null));
    m.put("__offset", Col.of("int64", null));
    m.put("__deleted", Col.of("boolean", deleted));
  }

  /** The WKB MariaDB itself gives for each geometry column of row 1, as hex. */
  private static Map<String, String> wkbFromDatabase(LocalStack stack) throws Exception {
    Map<String, String> wkb = new LinkedHashMap<>();
    try (Connection c = stack.mysql().connection();
        Statement s = c.createStatement()) {
      for (String g : GEOMETRY_COLUMNS) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT HEX(ST_AsBinary(" + g + ")) FROM " + DB + ".all_types WHERE id = 1")) {
          rs.next();
          wkb.put(g, rs.getString(1).toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    return wkb;
  }
}
