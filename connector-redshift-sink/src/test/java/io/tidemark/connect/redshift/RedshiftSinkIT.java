package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.TopicReader;
import io.tidemark.stack.redshift.RedshiftDataApiComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MariaDB -> Debezium -> Kafka -> this sink -> the Redshift Data API stand-in (tables in
 * PostgreSQL), for both load paths at once: two sinks deployed from the shipped {@code
 * connect-configs/local/redshift-sink.json} read the same topic, one with {@code insert}, one with
 * {@code copy} (every write through S3 and COPY), into two schemas. The target tables were created
 * by a user with narrower columns than MySQL's: the sink widens the VARCHAR in place, and a balance
 * over the user's precision goes to each sink's dead letter queue (incompatible changes to the DLQ,
 * as configured here) while the rest commits. Inserts, updates in one transaction, a NULLed column,
 * deletes, a re-inserted key, a key change and a column added in MySQL: both tables end equal to
 * MySQL minus the dead-lettered rows, and both offsets rows point at the topic's end.
 */
@ExtendWith(LocalStackExtension.class)
class RedshiftSinkIT {
  static final Path SHIPPED = Path.of("../connect-configs/local/redshift-sink.json");
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String TOPIC = "rsit.rs_it.customers";
  private static final String TABLE = RedshiftNames.defaults().normalize(TOPIC);
  private static final List<String> PATHS = List.of("insert", "copy");

  @Test
  void bothLoadPathsApplyCdcExactlyAndDeadLetterWhatDoesNotFit(LocalStack stack) throws Exception {
    assertThat(Files.readString(Path.of("src/main/etc/redshift-sink-local.json")))
        .as("the archive's etc/ example")
        .isEqualTo(Files.readString(SHIPPED));
    stack
        .mysql()
        .execute(
            "CREATE DATABASE rs_it",
            "CREATE TABLE rs_it.customers (id INT PRIMARY KEY, name VARCHAR(50), balance DECIMAL(10,2))",
            "INSERT INTO rs_it.customers VALUES (1, 'snapshot row', 1.50), (2, 'it''s \\\\ quoted', 2.00)");
    for (String path : PATHS) {
      // A table its owner created narrower than MySQL's: 20 bytes of name, 4 integer digits of
      // balance.
      stack
          .postgres()
          .execute(
              "dev",
              "CREATE SCHEMA rs_" + path,
              "CREATE TABLE rs_"
                  + path
                  + "."
                  + TABLE
                  + " (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20),"
                  + " balance DECIMAL(6,2))");
    }
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json").named("rs-it-cdc"),
        Map.of("TOPIC_PREFIX", "rsit", "MYSQL_DATABASES", "rs_it", "MYSQL_SERVER_ID", "5521"),
        TIMEOUT);
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), TOPIC)) {
      // Changes made before the snapshot's binlog position belong to the snapshot: wait for it.
      reader.readUntil(records -> records.size() >= 2, TIMEOUT);
    }
    for (String path : PATHS) {
      stack.deploy(
          // Valid MySQL values the user's narrower columns cannot hold are incompatible changes
          // (not bad values): dead-lettered here on request, stopping the task by default.
          shippedConfig().with(Map.of(RedshiftSinkConfig.INCOMPATIBLE_HANDLING, "dlq")),
          Map.of(
              "CONNECTOR_NAME",
              sink(path),
              "TOPICS",
              TOPIC,
              "REDSHIFT_SCHEMA",
              "rs_" + path,
              "REDSHIFT_LOAD_PATH",
              path,
              "REDSHIFT_COPY_MIN_ROWS",
              "1",
              "ERRORS_TOLERANCE",
              "all",
              "DLQ_TOPIC",
              dlq(path)),
          TIMEOUT);
    }
    for (String path : PATHS) {
      awaitEqual(stack, path, List.of());
    }
    long copiesBefore = stack.get(RedshiftDataApiComponent.class).copyStatements();

    try (Connection connection = stack.mysql().connection();
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO rs_it.customers VALUES (3, 'ada', 10.25), (4, 'grace', 7.00)");
      connection.setAutoCommit(false);
      statement.execute("UPDATE rs_it.customers SET name = 'ada lovelace' WHERE id = 3");
      statement.execute("UPDATE rs_it.customers SET balance = 11.75 WHERE id = 3");
      statement.execute("UPDATE rs_it.customers SET name = NULL WHERE id = 2");
      connection.commit();
      connection.setAutoCommit(true);
      statement.execute("DELETE FROM rs_it.customers WHERE id = 1");
      statement.execute("DELETE FROM rs_it.customers WHERE id = 4");
      statement.execute("INSERT INTO rs_it.customers VALUES (4, 'grace again', 8.00)");
      statement.execute("UPDATE rs_it.customers SET id = 20 WHERE id = 2");
      statement.execute(
          "INSERT INTO rs_it.customers VALUES (6, 'a name of thirty characters..', 1.00)");
      statement.execute("INSERT INTO rs_it.customers VALUES (7, 'rich', 12345.67)");
      statement.execute("ALTER TABLE rs_it.customers ADD COLUMN email VARCHAR(100)");
      statement.execute("INSERT INTO rs_it.customers VALUES (8, 'new', 1.00, 'new@example.com')");
      statement.execute("UPDATE rs_it.customers SET email = 'ada@example.com' WHERE id = 3");
      statement.execute("INSERT INTO rs_it.customers VALUES (9, 'last', 0.01, NULL)");
    }
    for (String path : PATHS) {
      // Row 6's name fits MySQL's VARCHAR(50) (Debezium propagates the length): the sink widens the
      // user's VARCHAR(20) in place and the row lands. Row 7's balance needs DECIMAL(10,2), which
      // Redshift cannot widen in place: dead-lettered as an incompatible change.
      List<List<String>> rows = awaitEqual(stack, path, List.of("7"));
      assertThat(rows)
          .extracting(r -> r.get(0))
          .as(path)
          .containsExactly("3", "4", "6", "8", "9", "20");
      assertThat(rows.get(0))
          .as(path)
          .containsExactly("3", "ada lovelace", "11.75", "ada@example.com");
    }

    long end = endOffset(stack);
    for (String path : PATHS) {
      Instant deadline = Instant.now().plus(TIMEOUT);
      List<List<String>> offsets = offsets(stack, path);
      while (!offsets.equals(List.of(List.of(TOPIC, "0", Long.toString(end))))
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(500);
        offsets = offsets(stack, path);
      }
      assertThat(offsets).as(path).containsExactly(List.of(TOPIC, "0", Long.toString(end)));
      assertThat(stack.connect().rest().status(sink(path)).toString()).doesNotContain("FAILED");
      Map<String, String> dead = deadLetters(stack, dlq(path), 1);
      assertThat(dead.values())
          .as(path + " dead letter reasons")
          .satisfiesExactly(
              reason ->
                  assertThat(reason)
                      .contains(
                          TOPIC + "-0@",
                          "column balance",
                          "numeric overflow",
                          "DECIMAL(6,2)",
                          "widened at the source"));
    }
    assertThat(stack.get(RedshiftDataApiComponent.class).copyStatements() - copiesBefore)
        .as("COPY statements of the copy sink")
        .isPositive();
    // The task deletes a batch's staged files once its Data API call returns, which on a loaded
    // machine can be seconds after the commit the offsets row already shows.
    Instant stagedDeadline = Instant.now().plus(TIMEOUT);
    while (!stagedObjects(stack).isEmpty() && Instant.now().isBefore(stagedDeadline)) {
      Thread.sleep(500);
    }
    assertThat(stagedObjects(stack)).as("staged files are deleted after each commit").isEmpty();
    for (String path : PATHS) {
      stack.connect().rest().delete(sink(path));
    }
  }

  /**
   * The bad-input cases a real worker can carry to this sink (BadInput, the README table), on the
   * insert path behind the shipped CdcUnwrap: what the JsonConverter or CdcUnwrap rejects and what
   * the sink cannot write go to the DLQ with their reasons, the good changes and every offset
   * commit; without tolerance the task fails naming topic-partition@offset and the column.
   */
  @Test
  void badInputGoesToTheDeadLetterQueueWithItsReasonAndTheRestCommits(LocalStack stack)
      throws Exception {
    String topic = "rsit.bad";
    String none = "rsit.bad.none";
    String table = RedshiftNames.defaults().normalize(topic);
    stack.postgres().execute("dev", "CREATE SCHEMA rs_bad", "CREATE SCHEMA rs_bad_none");
    byte[] notUtf8 = change("c", 2, "X").getBytes(StandardCharsets.UTF_8);
    notUtf8[new String(notUtf8, StandardCharsets.UTF_8).indexOf("\"X\"") + 1] = (byte) 0xC3;
    try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
      List<byte[]> values =
          List.of(
              utf8(change("c", 1, "ok")),
              notUtf8, // 1: converter rejects
              utf8(change("x", 3, "ok")), // 2: CdcUnwrap: unknown op
              utf8(change("c", 4, "lone \\ud800")), // 3: column name, not Unicode
              utf8(change("c", 5, "nul \\u0000")), // 4: column name, NUL
              utf8(change("c", 6, "x".repeat(70_000))), // 5: longer than VARCHAR(65535)
              utf8(change("c", 7, "no key")), // 6: sent without a key
              utf8(
                  change("c", 8, "ok")
                      .replace("\"id\":8", "\"id\":null")), // 7: required field null
              utf8(change("c", 9, "ok")));
      for (int i = 0; i < values.size(); i++) {
        byte[] key = i == 6 ? null : utf8(key(i + 1));
        producer.send(new ProducerRecord<>(topic, 0, key, values.get(i)));
      }
      producer.send(new ProducerRecord<>(none, 0, utf8(key(1)), utf8(change("c", 1, "ok"))));
      producer
          .send(new ProducerRecord<>(none, 0, utf8(key(2)), utf8(change("c", 2, "nul \\u0000"))))
          .get();
    }
    String dlq = "rsit.bad.dlq";
    stack.deploy(
        shippedConfig(),
        Map.of(
            "CONNECTOR_NAME",
            "redshift-sink-it-bad",
            "TOPICS",
            topic,
            "REDSHIFT_SCHEMA",
            "rs_bad",
            "REDSHIFT_LOAD_PATH",
            "insert",
            "ERRORS_TOLERANCE",
            "all",
            "DLQ_TOPIC",
            dlq),
        TIMEOUT);
    Instant deadline = Instant.now().plus(TIMEOUT);
    List<List<String>> offsets = List.of();
    while (Instant.now().isBefore(deadline) && !offsets.equals(List.of(List.of(topic, "0", "9")))) {
      Thread.sleep(500);
      try (Connection pg = stack.postgres().connection("dev")) {
        offsets =
            rows(
                pg,
                "SELECT topic, kafka_partition, next_offset FROM rs_bad.tidemark_offsets"
                    + " WHERE connector_name = 'redshift-sink-it-bad'");
      } catch (SQLException notYet) {
        offsets = List.of();
      }
    }
    assertThat(offsets).containsExactly(List.of(topic, "0", "9"));
    try (Connection pg = stack.postgres().connection("dev")) {
      assertThat(rows(pg, "SELECT id, name FROM rs_bad." + table + " ORDER BY id"))
          .containsExactly(List.of("1", "ok"), List.of("9", "ok"));
    }
    Map<Long, Map<String, String>> dead = deadLetterHeaders(stack, dlq, 7);
    assertThat(dead).containsOnlyKeys(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(dead.get(1L)).containsEntry("__connect.errors.stage", "VALUE_CONVERTER");
    assertThat(dead.get(7L)).containsEntry("__connect.errors.stage", "VALUE_CONVERTER");
    assertThat(dead.get(2L)).containsEntry("__connect.errors.stage", "TRANSFORMATION");
    assertThat(dead.get(2L).get("__connect.errors.exception.message")).contains("field 'op'");
    assertThat(dead.get(3L).get("__connect.errors.exception.message"))
        .contains(topic + "-0@3", "column name", "lone UTF-16 surrogate");
    assertThat(dead.get(4L).get("__connect.errors.exception.message"))
        .contains(topic + "-0@4", "column name", "NUL");
    assertThat(dead.get(5L).get("__connect.errors.exception.message"))
        .contains(topic + "-0@5", "column name", "too long for VARCHAR(65535)");
    assertThat(dead.get(6L).get("__connect.errors.exception.message"))
        .contains(topic + "-0@6", "upsert mode needs");
    for (long offset = 3; offset <= 6; offset++) {
      assertThat(dead.get(offset)).containsEntry("__connect.errors.stage", "TASK_PUT");
    }
    stack.connect().rest().delete("redshift-sink-it-bad");

    String trace =
        stack.deployAndAwaitTaskFailure(
            shippedConfig(),
            Map.of(
                "CONNECTOR_NAME",
                "redshift-sink-it-bad-none",
                "TOPICS",
                none,
                "REDSHIFT_SCHEMA",
                "rs_bad_none",
                "REDSHIFT_LOAD_PATH",
                "insert"),
            TIMEOUT);
    assertThat(trace).contains(none + "-0@1", "column name", "NUL");
    try (Connection pg = stack.postgres().connection("dev")) {
      assertThat(
              rows(
                  pg,
                  "SELECT next_offset FROM rs_bad_none.tidemark_offsets"
                      + " WHERE connector_name = 'redshift-sink-it-bad-none'"))
          .as("the bad change's offset never commits")
          // -1: the row claimed at open, nothing committed; 1: the good change before it only.
          .isSubsetOf(List.of(List.of("-1"), List.of("1")));
    }
    stack.connect().rest().delete("redshift-sink-it-bad-none");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String key(long id) {
    return "{\"schema\":{\"type\":\"struct\",\"name\":\"bad.Key\",\"optional\":false,\"fields\":["
        + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false}]},\"payload\":{\"id\":"
        + id
        + "}}";
  }

  /**
   * A Debezium-shaped envelope (no source block) in Connect's JSON; {@code name} is JSON string
   * content.
   */
  private static String change(String op, long id, String name) {
    String row =
        "{\"type\":\"struct\",\"name\":\"bad.Value\",\"optional\":true,\"fields\":["
            + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"name\",\"type\":\"string\",\"optional\":true}]}";
    String schema =
        "{\"type\":\"struct\",\"name\":\"bad.Envelope\",\"optional\":false,\"fields\":["
            + row.replace(
                "{\"type\":\"struct\",\"name\":\"bad.Value\"",
                "{\"field\":\"before\",\"type\":\"struct\",\"name\":\"bad.Value\"")
            + ","
            + row.replace(
                "{\"type\":\"struct\",\"name\":\"bad.Value\"",
                "{\"field\":\"after\",\"type\":\"struct\",\"name\":\"bad.Value\"")
            + ","
            + "{\"field\":\"op\",\"type\":\"string\",\"optional\":false}]}";
    return "{\"schema\":"
        + schema
        + ",\"payload\":{\"before\":null,\"after\":{\"id\":"
        + id
        + ",\"name\":\""
        + name
        + "\"},\"op\":\""
        + op
        + "\"}}";
  }

  private static KafkaProducer<byte[], byte[]> producer(LocalStack stack) {
    Properties props = new Properties();
    props.put(
        org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.kafka().bootstrapServers());
    props.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static String sink(String path) {
    return "redshift-sink-it-" + path;
  }

  private static String dlq(String path) {
    return "rsit.dlq." + path;
  }

  static ConnectorConfig shippedConfig() throws Exception {
    JsonNode document = new ObjectMapper().readTree(Files.readString(SHIPPED));
    Map<String, String> config = new LinkedHashMap<>();
    document
        .get("config")
        .fields()
        .forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
    return new ConnectorConfig("redshift-sink.json", document.get("name").asText(), config);
  }

  /**
   * Waits until the target table equals the MySQL table without the rows {@code deadIds}; returns
   * the rows (id, name, balance, email).
   */
  private static List<List<String>> awaitEqual(LocalStack stack, String path, List<String> deadIds)
      throws Exception {
    Instant deadline = Instant.now().plus(TIMEOUT);
    List<List<String>> source = List.of();
    List<List<String>> target = List.of();
    while (Instant.now().isBefore(deadline)) {
      try (Connection mysql = stack.mysql().connection()) {
        boolean email =
            !rows(
                    mysql,
                    "SELECT 1 FROM information_schema.columns WHERE table_schema = 'rs_it'"
                        + " AND table_name = 'customers' AND column_name = 'email'")
                .isEmpty();
        source =
            new ArrayList<>(
                rows(
                    mysql,
                    "SELECT id, name, balance"
                        + (email ? ", email" : "")
                        + " FROM rs_it.customers ORDER BY id"));
        source.removeIf(r -> deadIds.contains(r.get(0)));
      }
      try (Connection pg = stack.postgres().connection("dev")) {
        boolean email =
            !rows(
                    pg,
                    "SELECT 1 FROM information_schema.columns WHERE table_schema = 'rs_"
                        + path
                        + "' AND table_name = '"
                        + TABLE
                        + "' AND column_name = 'email'")
                .isEmpty();
        target =
            rows(
                pg,
                "SELECT id, name, balance"
                    + (email ? ", email" : "")
                    + " FROM rs_"
                    + path
                    + "."
                    + TABLE
                    + " ORDER BY id");
      } catch (SQLException notThereYet) {
        target = List.of();
      }
      if (!source.isEmpty() && source.equals(target)) {
        return source;
      }
      Thread.sleep(500);
    }
    assertThat(target).as("rows in Redshift (stand-in), " + path + " load path").isEqualTo(source);
    return source;
  }

  static List<List<String>> offsets(LocalStack stack, String path) throws SQLException {
    try (Connection pg = stack.postgres().connection("dev")) {
      return rows(
          pg,
          "SELECT topic, kafka_partition, next_offset FROM rs_"
              + path
              + ".tidemark_offsets"
              + " WHERE connector_name = '"
              + sink(path)
              + "' ORDER BY 1, 2");
    }
  }

  static List<List<String>> rows(Connection connection, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          Object value = rs.getObject(i);
          row.add(
              value instanceof BigDecimal d
                  ? d.toPlainString()
                  : value == null ? null : value.toString());
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static long endOffset(LocalStack stack) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack)) {
      TopicPartition tp = new TopicPartition(TOPIC, 0);
      return consumer.endOffsets(List.of(tp)).get(tp);
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(LocalStack stack) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * The first {@code expected} dead letters by original topic-partition@offset: the reason Connect
   * put in the context headers.
   */
  static Map<String, String> deadLetters(LocalStack stack, String topic, int expected) {
    Map<String, String> out = new LinkedHashMap<>();
    deadLetterHeaderList(stack, topic, expected)
        .forEach(
            headers ->
                out.put(
                    headers.get("__connect.errors.topic")
                        + "-"
                        + headers.get("__connect.errors.partition")
                        + "@"
                        + headers.get("__connect.errors.offset"),
                    headers.get("__connect.errors.exception.message")));
    return out;
  }

  /**
   * The context headers of at least {@code atLeast} dead letters of one source topic, by original
   * offset.
   */
  private static Map<Long, Map<String, String>> deadLetterHeaders(
      LocalStack stack, String topic, int atLeast) {
    Map<Long, Map<String, String>> out = new LinkedHashMap<>();
    deadLetterHeaderList(stack, topic, atLeast)
        .forEach(
            headers -> out.put(Long.parseLong(headers.get("__connect.errors.offset")), headers));
    return out;
  }

  /**
   * The context headers of the first {@code atLeast} records of a DLQ topic (or what came in 60 s).
   */
  private static List<Map<String, String>> deadLetterHeaderList(
      LocalStack stack, String topic, int atLeast) {
    List<Map<String, String>> out = new ArrayList<>();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      while (out.size() < atLeast && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Map<String, String> headers = new LinkedHashMap<>();
          for (Header h : r.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
          }
          out.add(headers);
        }
      }
    }
    return out;
  }

  private static List<String> stagedObjects(LocalStack stack) {
    try (var s3 = stack.s3().client()) {
      return s3
          .listObjectsV2Paginator(
              b ->
                  b.bucket(io.tidemark.stack.component.S3Server.BUCKET)
                      .prefix("redshift-staging/" + sink("copy") + "/"))
          .contents()
          .stream()
          .map(o -> o.key())
          .toList();
    }
  }
}
