package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.DebeziumOffsets;
import io.tidemark.stack.kit.TopicReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The crash test: over 100k MySQL changes (upserts, updates, deletes over 5,000 keys) are
 * streamed by Debezium into one topic; then this sink applies them on the copy load path while the
 * Connect worker is SIGKILLed 3 times, each time once the sink has committed past a random point of
 * the run, and restarted. The Data API stand-in lives outside the worker, so a transaction
 * submitted just before a kill still finishes: the restarted task must find out from the offsets
 * table what committed. In the end the Redshift-side table equals the MySQL table and the offsets
 * row is the topic's end. {@code -Dtidemark.crash.seed=<n>} replays a schedule.
 */
@ExtendWith(LocalStackExtension.class)
class RedshiftSinkCrashIT {
  /** CDC events the run must have at least. */
  private static final int CHANGES = 100_000;

  /** Statements made: some updates and deletes miss their key and make no event. */
  private static final int STATEMENTS = 112_000;

  private static final int CHUNK = 1_000;
  private static final int KEYS = 5_000;
  private static final String TOPIC = "rscrash.rs_crash.items";
  private static final String SINK = "redshift-sink-crash";
  private static final String CDC = "rs-crash-cdc";

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void theTableEqualsMySqlAfterRandomWorkerKills(LocalStack stack) throws Exception {
    long seed = Long.getLong("tidemark.crash.seed", System.nanoTime());
    System.out.println(
        "RedshiftSinkCrashIT seed: " + seed + " (replay with -Dtidemark.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    stack
        .mysql()
        .execute(
            "CREATE DATABASE rs_crash",
            "CREATE TABLE rs_crash.items (id INT PRIMARY KEY, v BIGINT NOT NULL, note VARCHAR(40))",
            "INSERT INTO rs_crash.items VALUES (0, 0, 'snapshot')");
    stack.postgres().execute("dev", "CREATE SCHEMA rs_crash");
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json").named(CDC),
        Map.of("TOPIC_PREFIX", "rscrash", "MYSQL_DATABASES", "rs_crash", "MYSQL_SERVER_ID", "5531"),
        Duration.ofSeconds(120));
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), TOPIC)) {
      reader.readUntil(records -> records.size() >= 1, Duration.ofSeconds(90));
      stack.mysql().execute("INSERT INTO rs_crash.items VALUES (-1, 0, 'streamed')");
      reader.readUntil(records -> records.size() >= 2, Duration.ofSeconds(90));
    }
    // A kill before Debezium stored a streaming offset would make it snapshot again.
    DebeziumOffsets.awaitStreaming(stack.connect().rest(), CDC, Duration.ofSeconds(60));
    // All changes first, streamed by Debezium; then the sink applies them while it is killed.
    produce(stack, random.nextLong());
    long end = awaitTopicEnd(stack);
    assertThat(end).as("CDC events in the topic").isGreaterThanOrEqualTo(CHANGES);

    ConnectorConfig sink =
        RedshiftSinkIT.shippedConfig()
            .with(
                Map.of(
                    "consumer.override.session.timeout.ms", "6000",
                    "consumer.override.heartbeat.interval.ms", "1000",
                    "consumer.override.max.poll.records", "4000",
                    "consumer.override.max.partition.fetch.bytes", "16777216"));
    stack.deploy(
        sink,
        Map.of(
            "CONNECTOR_NAME",
            SINK,
            "TOPICS",
            TOPIC,
            "REDSHIFT_SCHEMA",
            "rs_crash",
            "REDSHIFT_LOAD_PATH",
            "copy",
            "REDSHIFT_COPY_MIN_ROWS",
            "100"),
        Duration.ofSeconds(120));
    int kills = 3;
    for (int k = 1; k <= kills; k++) {
      // Kill once the sink has written past a random point of its share of the run: it is
      // mid-stream, a
      // transaction is (almost always) in flight, and the Data API stand-in finishes it without the
      // worker.
      long threshold = end * (k - 1) / kills + random.nextLong(end / (2L * kills)) + 1;
      long next = awaitNext(stack, threshold, end);
      System.out.printf(
          "RedshiftSinkCrashIT kill %d/%d at committed offset %d (threshold %d, topic end %d)%n",
          k, kills, next, threshold, end);
      assertThat(next).as("kill %d must fall inside the run", k).isLessThan(end);
      stack.connect().kill();
      Thread.sleep(random.nextInt(2_000));
      stack.connect().restart();
      stack.connect().rest().awaitRunning(SINK, 1, Duration.ofSeconds(120));
    }

    // Debezium restarted with the worker and may re-send its last changes (at-least-once), in
    // bursts: the
    // end moves. Wait until the sink has written all the topic holds and nothing came for 10 s.
    long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
    long settledSince = System.nanoTime();
    List<List<String>> offsets = committed(stack);
    while (System.nanoTime() < deadline) {
      long now = endOffset(stack);
      List<List<String>> current = committed(stack);
      if (now != end
          || !current.equals(offsets)
          || !current.equals(List.of(List.of(TOPIC, "0", Long.toString(now))))) {
        settledSince = System.nanoTime();
      } else if (System.nanoTime() - settledSince > Duration.ofSeconds(10).toNanos()) {
        break;
      }
      end = now;
      offsets = current;
      Thread.sleep(500);
    }
    assertThat(offsets)
        .as("the offsets row is the topic end")
        .containsExactly(List.of(TOPIC, "0", Long.toString(end)));

    String table = "rs_crash." + RedshiftNames.defaults().normalize(TOPIC);
    List<List<String>> source;
    List<List<String>> target;
    try (Connection mysql = stack.mysql().connection()) {
      source = RedshiftSinkIT.rows(mysql, "SELECT id, v, note FROM rs_crash.items ORDER BY id");
    }
    try (Connection pg = stack.postgres().connection("dev")) {
      target = RedshiftSinkIT.rows(pg, "SELECT id, v, note FROM " + table + " ORDER BY id");
    }
    assertThat(target.size()).as("rows").isEqualTo(source.size());
    assertThat(target).as("the Redshift-side table equals MySQL").isEqualTo(source);
    System.out.printf(
        "RedshiftSinkCrashIT: %d kills, %d rows, topic end %d%n", kills, source.size(), end);
    stack.connect().rest().delete(SINK);
    stack.connect().rest().delete(CDC);
  }

  /**
   * STATEMENTS statements in transactions of CHUNK: upserts (~60%), updates (~25%), deletes (~15%)
   * of random keys.
   */
  private static void produce(LocalStack stack, long seed) {
    Random random = new Random(seed);
    try (Connection c = stack.mysql().connection();
        PreparedStatement upsert =
            c.prepareStatement(
                "INSERT INTO rs_crash.items VALUES (?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE v = VALUES(v), note = VALUES(note)");
        PreparedStatement update =
            c.prepareStatement("UPDATE rs_crash.items SET v = v + ? WHERE id = ?");
        PreparedStatement delete = c.prepareStatement("DELETE FROM rs_crash.items WHERE id = ?")) {
      c.setAutoCommit(false);
      for (int from = 0; from < STATEMENTS; from += CHUNK) {
        for (int i = from; i < from + CHUNK; i++) {
          int key = 1 + random.nextInt(KEYS);
          int kind = random.nextInt(100);
          if (kind < 60) {
            upsert.setInt(1, key);
            upsert.setLong(2, i);
            upsert.setString(3, i % 11 == 0 ? null : "note " + i + " it's");
            upsert.addBatch();
          } else if (kind < 85) {
            update.setLong(1, i);
            update.setInt(2, key);
            update.addBatch();
          } else {
            delete.setInt(1, key);
            delete.addBatch();
          }
        }
        upsert.executeBatch();
        update.executeBatch();
        delete.executeBatch();
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<List<String>> committed(LocalStack stack) {
    try (Connection pg = stack.postgres().connection("dev")) {
      return RedshiftSinkIT.rows(
          pg,
          "SELECT topic, kafka_partition, next_offset FROM rs_crash.tidemark_offsets"
              + " WHERE connector_name = '"
              + SINK
              + "' ORDER BY 1, 2");
    } catch (SQLException e) {
      return List.of(List.of("(no offsets table yet: " + e.getMessage() + ")"));
    }
  }

  /**
   * Waits until Debezium stopped adding events (the topic end is stable for 5 s); returns the end.
   */
  private static long awaitTopicEnd(LocalStack stack) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long end = endOffset(stack);
      if (end != last) {
        last = end;
        stableSince = System.nanoTime();
      } else if (end >= CHANGES
          && System.nanoTime() - stableSince > Duration.ofSeconds(5).toNanos()) {
        return end;
      }
      Thread.sleep(500);
    }
    return last;
  }

  /**
   * Waits until the committed offset reaches {@code threshold} (polling often, so the sink is
   * caught mid-stream).
   */
  private static long awaitNext(LocalStack stack, long threshold, long end)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    long next = nextOffset(stack);
    while (next < threshold && System.nanoTime() < deadline) {
      Thread.sleep(100);
      next = nextOffset(stack);
    }
    return next;
  }

  private static long nextOffset(LocalStack stack) {
    List<List<String>> rows = committed(stack);
    return rows.size() == 1 && rows.get(0).size() == 3 ? Long.parseLong(rows.get(0).get(2)) : 0;
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
}
