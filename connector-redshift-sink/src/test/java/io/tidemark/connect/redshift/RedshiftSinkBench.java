package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.artifacts.MavenArtifacts;
import io.tidemark.stack.artifacts.Unpack;
import io.tidemark.stack.bench.BenchResult;
import io.tidemark.stack.component.ConnectWorker;
import io.tidemark.stack.component.KafkaBroker;
import io.tidemark.stack.component.MariaDb;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.kit.TopicReader;
import io.tidemark.stack.redshift.RedshiftDataApiComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of {@code ./mvnw verify}: run {@code connector-redshift-sink/bench.sh}. 500k
 * MySQL changes (250k inserts, 200k updates, 50k deletes) are streamed by Debezium into one topic;
 * then, one after the other on the same worker and the same topic, this sink on the copy load path
 * (through the Data API stand-in) and the Debezium JDBC sink 3.5.0.Final in upsert mode (straight
 * to the same PostgreSQL) apply them. Reports rows/s of each and their ratio, and this sink's Data
 * API calls per 100k rows and per committed batch, counted by the stand-in. Both target tables must
 * equal MySQL. {@code -Dtidemark.bench.changes=N} changes the size (a multiple of 10,000).
 */
class RedshiftSinkBench {
  private static final String JDBC_VERSION = ConnectWorker.DEBEZIUM_VERSION;
  private static final int CHANGES = Integer.getInteger("tidemark.bench.changes", 500_000);
  private static final String TOPIC = "rsbench.rs_bench.orders";
  private static final Duration TIMEOUT = Duration.ofMinutes(20);

  @Test
  void copyPathAgainstTheDebeziumJdbcSink() throws Exception {
    Path dir =
        Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
            .resolveSibling("tidemark-bench-stack");
    MavenArtifacts artifacts = MavenArtifacts.fromEnvironment();
    Path archive =
        artifacts.file("io.debezium:debezium-connector-jdbc:tar.gz:plugin:" + JDBC_VERSION);
    Path jdbcPlugin =
        Unpack.once(
                archive, dir.resolveSibling("debezium-connector-jdbc-" + JDBC_VERSION), e -> true)
            .resolve("debezium-connector-jdbc");
    assertThat(jdbcPlugin).as("unpacked Debezium JDBC sink").isDirectory();
    try (LocalStack stack =
        LocalStack.builder(dir)
            .add(new KafkaBroker(0))
            .add(new ConnectWorker(0).withPlugin(jdbcPlugin))
            .add(new MariaDb(0))
            .add(new S3Server(0))
            .add(new Postgres(0))
            .add(new RedshiftDataApiComponent(0))
            .build()
            .start()) {
      long events = produce(stack);
      Map<String, String> report = new LinkedHashMap<>();
      report.put("row changes (rows/s counts these)", Long.toString(CHANGES));
      report.put("records in topic (with tombstones)", Long.toString(events));

      // This sink, copy load path.
      stack.postgres().execute("dev", "CREATE SCHEMA rs_bench");
      Map<String, Long> before = stack.get(RedshiftDataApiComponent.class).requestCounts();
      long start = System.nanoTime();
      stack.deploy(
          RedshiftSinkIT.shippedConfig().with(fetchOverrides()),
          Map.of(
              "CONNECTOR_NAME",
              "bench-redshift",
              "TOPICS",
              TOPIC,
              "REDSHIFT_SCHEMA",
              "rs_bench",
              "REDSHIFT_LOAD_PATH",
              "copy"),
          Duration.ofMinutes(2));
      awaitOffset(() -> redshiftOffset(stack), events);
      double redshiftSeconds = (System.nanoTime() - start) / 1e9;
      Map<String, Long> after = stack.get(RedshiftDataApiComponent.class).requestCounts();
      stack.connect().rest().delete("bench-redshift");
      long calls =
          after.values().stream().mapToLong(Long::longValue).sum()
              - before.values().stream().mapToLong(Long::longValue).sum();
      long batches =
          after.getOrDefault("BatchExecuteStatement", 0L)
              - before.getOrDefault("BatchExecuteStatement", 0L);

      // Debezium JDBC sink, upsert mode, on the raw Debezium topic.
      start = System.nanoTime();
      Map<String, String> jdbc =
          new LinkedHashMap<>(
              Map.of(
                  "connector.class",
                  "io.debezium.connector.jdbc.JdbcSinkConnector",
                  "tasks.max",
                  "1",
                  "topics",
                  TOPIC,
                  "connection.url",
                  stack.postgres().jdbcUrl("dev"),
                  "connection.username",
                  Postgres.USER,
                  "insert.mode",
                  "upsert",
                  "delete.enabled",
                  "true",
                  "primary.key.mode",
                  "record_key",
                  "schema.evolution",
                  "basic",
                  "collection.name.format",
                  "jdbc_orders"));
      jdbc.put("batch.size", "10000");
      jdbc.putAll(fetchOverrides());
      stack.connect().rest().putConfig("bench-jdbc", jdbc);
      stack.connect().rest().awaitRunning("bench-jdbc", 1, Duration.ofMinutes(2));
      awaitOffset(() -> groupOffset(stack, "connect-bench-jdbc"), events);
      double jdbcSeconds = (System.nanoTime() - start) / 1e9;
      stack.connect().rest().delete("bench-jdbc");

      List<List<String>> source;
      try (Connection mysql = stack.mysql().connection()) {
        source =
            RedshiftSinkIT.rows(
                mysql, "SELECT id, amount, status FROM rs_bench.orders ORDER BY id");
      }
      try (Connection pg = stack.postgres().connection("dev")) {
        assertThat(
                RedshiftSinkIT.rows(
                    pg,
                    "SELECT id, amount, status FROM rs_bench."
                        + RedshiftNames.defaults().normalize(TOPIC)
                        + " ORDER BY id"))
            .as("this sink's table")
            .isEqualTo(source);
        assertThat(
                RedshiftSinkIT.rows(
                    pg, "SELECT id, amount, status FROM public.jdbc_orders ORDER BY id"))
            .as("the JDBC sink's table")
            .isEqualTo(source);
      }
      double redshiftRate = CHANGES / redshiftSeconds;
      double jdbcRate = CHANGES / jdbcSeconds;
      report.put("redshift sink (copy) seconds", String.format("%.1f", redshiftSeconds));
      report.put("redshift sink (copy) rows/s", String.format("%.0f", redshiftRate));
      report.put("debezium jdbc sink (upsert) seconds", String.format("%.1f", jdbcSeconds));
      report.put("debezium jdbc sink (upsert) rows/s", String.format("%.0f", jdbcRate));
      report.put("rows/s ratio copy / jdbc", String.format("%.2f", redshiftRate / jdbcRate));
      report.put("data api calls", Long.toString(calls) + " " + diff(before, after));
      report.put(
          "data api calls per 100k rows", String.format("%.1f", calls * 100_000.0 / CHANGES));
      report.put("committed batches (BatchExecuteStatement)", Long.toString(batches));
      report.put(
          "data api calls per batch",
          String.format("%.2f", batches == 0 ? 0.0 : (double) calls / batches));
      StringBuilder text =
          new StringBuilder(
              "Redshift sink benchmark (" + CHANGES + " CDC changes, same topic, same run)\n");
      report.forEach((k, v) -> text.append(String.format("  %-45s %s%n", k, v)));
      System.out.print(text);
      Files.writeString(Path.of("target/bench-report.txt"), text);
      double callsPerBatch = batches == 0 ? 0.0 : (double) calls / batches;
      new BenchResult(
              "redshift-sink",
              "This sink on the copy load path (through the Data API stand-in) against the"
                  + " Debezium JDBC sink in upsert mode, one after the other on the same worker and topic.")
          .setting("row changes", CHANGES)
          .setting("records in topic (with tombstones)", events)
          .setting(
              "JDBC sink",
              "debezium-connector-jdbc " + JDBC_VERSION + ", insert.mode=upsert, batch.size=10000")
          .setting("consumer overrides (both)", fetchOverrides().toString())
          .line(
              BenchResult.Line.compared(
                  "Redshift sink, copy path",
                  "rows/s",
                  String.format("%,.0f", redshiftRate),
                  "Debezium JDBC sink, upsert",
                  String.format("%,.0f", jdbcRate),
                  String.format("%.2f", redshiftRate / jdbcRate),
                  ">= 1.00",
                  redshiftRate >= jdbcRate))
          .line(
              BenchResult.Line.compared(
                  "Redshift sink, Data API calls per committed batch",
                  "calls",
                  String.format("%.2f", callsPerBatch),
                  "",
                  "",
                  "",
                  "<= 5",
                  batches > 0 && callsPerBatch <= 5))
          .line(
              BenchResult.Line.measured(
                  "Redshift sink, Data API calls per 100k rows",
                  "calls",
                  String.format("%.1f", calls * 100_000.0 / CHANGES)))
          .note(
              "The stand-in is PostgreSQL behind an HTTP hop: the ratio says what the Data API round trips and the"
                  + " stage/COPY/merge shape cost against direct JDBC upserts, not how fast Redshift is.")
          .writeTo(Path.of("target/bench"));
    }
  }

  /**
   * Big polls for both sinks: the same consumer settings, so the comparison is about the writes.
   */
  private static Map<String, String> fetchOverrides() {
    return Map.of(
        "consumer.override.max.poll.records",
        "10000",
        "consumer.override.max.partition.fetch.bytes",
        "33554432",
        "consumer.override.fetch.max.bytes",
        "67108864");
  }

  private static String diff(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> d = new LinkedHashMap<>();
    after.forEach((op, n) -> d.put(op, n - before.getOrDefault(op, 0L)));
    return d.toString();
  }

  /**
   * Makes CHANGES row changes in MySQL and waits until Debezium streamed all of them; returns the
   * topic's end offset.
   */
  private static long produce(LocalStack stack) throws Exception {
    int rows = CHANGES / 2;
    stack
        .mysql()
        .execute(
            "CREATE DATABASE rs_bench",
            "CREATE TABLE rs_bench.orders (id INT PRIMARY KEY, customer VARCHAR(40), amount DECIMAL(12,2),"
                + " status VARCHAR(16), updated_at DATETIME(6))");
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json").named("bench-cdc"),
        Map.of("TOPIC_PREFIX", "rsbench", "MYSQL_DATABASES", "rs_bench", "MYSQL_SERVER_ID", "5541"),
        Duration.ofMinutes(2));
    stack.mysql().execute("INSERT INTO rs_bench.orders VALUES (0, 'first', 0, 'new', NOW(6))");
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), TOPIC)) {
      reader.readUntil(records -> !records.isEmpty(), Duration.ofMinutes(2));
    }
    long started = System.nanoTime();
    try (Connection c = stack.mysql().connection();
        Statement s = c.createStatement()) {
      for (int from = 1; from <= rows; from += 1000) {
        StringBuilder sql = new StringBuilder("INSERT INTO rs_bench.orders VALUES ");
        for (int id = from; id < from + 1000; id++) {
          sql.append(id == from ? "" : ",")
              .append("(")
              .append(id)
              .append(", 'customer ")
              .append(id % 977)
              .append("', ")
              .append(id % 10_000)
              .append(".25, 'new', NOW(6))");
        }
        s.execute(sql.toString());
      }
      // 4/5 of the rows updated (by residue class), then 1/5 deleted: CHANGES events in all.
      int updates = CHANGES * 2 / 5;
      for (int k = 0; updates > 0; k = (k + 1) % 4) {
        int n = Math.min(updates, rows / 5);
        s.execute(
            "UPDATE rs_bench.orders SET amount = amount + 1, status = 'paid "
                + k
                + "', updated_at = NOW(6)"
                + " WHERE id % 5 = "
                + k
                + " AND id > 0 AND id <= "
                + (5 * n));
        updates -= n;
      }
      s.execute(
          "DELETE FROM rs_bench.orders WHERE id % 5 = 4 AND id > 0 AND id <= "
              + (5 * (CHANGES / 10)));
    }
    // The first row, CHANGES row changes, and Debezium's tombstone after each of the CHANGES / 10
    // deletes.
    long expected = 1 + CHANGES + CHANGES / 10;
    long end = awaitOffset(() -> endOffset(stack), expected);
    System.out.printf(
        "Bench: %d changes made and streamed by Debezium in %.1f s%n",
        end, (System.nanoTime() - started) / 1e9);
    return end;
  }

  private static long awaitOffset(LongSupplier offset, long target) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long value = offset.getAsLong();
    while (value < target && System.nanoTime() < deadline) {
      Thread.sleep(200);
      value = offset.getAsLong();
    }
    assertThat(value).as("offset reached").isGreaterThanOrEqualTo(target);
    return value;
  }

  private static long endOffset(LocalStack stack) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(TOPIC, 0);
      return consumer.endOffsets(List.of(tp)).get(tp);
    }
  }

  private static long redshiftOffset(LocalStack stack) {
    try (Connection pg = stack.postgres().connection("dev")) {
      List<List<String>> rows =
          RedshiftSinkIT.rows(
              pg,
              "SELECT next_offset FROM rs_bench.tidemark_offsets"
                  + " WHERE connector_name = 'bench-redshift'");
      return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0).get(0));
    } catch (SQLException notYet) {
      return 0;
    }
  }

  private static long groupOffset(LocalStack stack, String group) {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
      OffsetAndMetadata o =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get()
              .get(new TopicPartition(TOPIC, 0));
      return o == null ? 0 : o.offset();
    } catch (Exception e) {
      return 0;
    }
  }
}
