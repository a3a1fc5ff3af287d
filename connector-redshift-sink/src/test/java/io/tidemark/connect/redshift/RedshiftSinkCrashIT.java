package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.TopicReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The crash test: 100k MySQL changes (upserts, updates, deletes over 5,000 keys) flow
 * through Debezium and this sink on the copy load path while the Connect worker is SIGKILLed 3
 * or 4 times at random points and restarted. The Data API stand-in lives outside the worker, so a
 * transaction submitted just before a kill still finishes: the restarted task must find out from
 * the offsets table what committed. In the end the Redshift-side table equals the MySQL table
 * and the offsets row is the topic's end. {@code -Dtidemark.crash.seed=<n>} replays a schedule.
 */
@ExtendWith(LocalStackExtension.class)
class RedshiftSinkCrashIT {
    private static final int CHANGES = 100_000;
    private static final int CHUNK = 1_000;
    private static final int KEYS = 5_000;
    /** Producing takes about CHANGES / CHUNK * (PAUSE_MS + the chunk's own time): the kills fall inside. */
    private static final long PAUSE_MS = 400;
    private static final String TOPIC = "rscrash.rs_crash.items";
    private static final String SINK = "redshift-sink-crash";
    private static final String CDC = "rs-crash-cdc";

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void theTableEqualsMySqlAfterRandomWorkerKills(LocalStack stack) throws Exception {
        long seed = Long.getLong("tidemark.crash.seed", System.nanoTime());
        System.out.println("RedshiftSinkCrashIT seed: " + seed + " (replay with -Dtidemark.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        stack.mysql().execute("CREATE DATABASE rs_crash",
                "CREATE TABLE rs_crash.items (id INT PRIMARY KEY, v BIGINT NOT NULL, note VARCHAR(40))",
                "INSERT INTO rs_crash.items VALUES (0, 0, 'snapshot')");
        stack.postgres().execute("dev", "CREATE SCHEMA rs_crash");
        stack.deploy(ConnectorConfig.load("local/debezium-mysql.json").named(CDC),
                Map.of("TOPIC_PREFIX", "rscrash", "MYSQL_DATABASES", "rs_crash", "MYSQL_SERVER_ID", "5531"),
                Duration.ofSeconds(120));
        try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), TOPIC)) {
            reader.readUntil(records -> records.size() >= 1, Duration.ofSeconds(90));
            stack.mysql().execute("INSERT INTO rs_crash.items VALUES (-1, 0, 'streamed')");
            reader.readUntil(records -> records.size() >= 2, Duration.ofSeconds(90));
        }
        // A kill before Debezium stored a streaming offset would make it snapshot again.
        try (TopicReader offsets = new TopicReader(stack.kafka().bootstrapServers(), "connect-offsets")) {
            offsets.readUntil(records -> records.stream().anyMatch(r -> r.key() != null && r.key().contains("\"" + CDC + "\"")
                    && r.value() != null && !r.value().contains("\"snapshot\"")), Duration.ofSeconds(60));
        }
        ConnectorConfig sink = RedshiftSinkIT.shippedConfig().with(Map.of(
                "consumer.override.session.timeout.ms", "6000",
                "consumer.override.heartbeat.interval.ms", "1000",
                "consumer.override.max.poll.records", "5000"));
        stack.deploy(sink, Map.of("CONNECTOR_NAME", SINK, "TOPICS", TOPIC, "REDSHIFT_SCHEMA", "rs_crash",
                "REDSHIFT_LOAD_PATH", "copy", "REDSHIFT_COPY_MIN_ROWS", "100"), Duration.ofSeconds(120));

        AtomicLong produced = new AtomicLong();
        long produceSeed = random.nextLong();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(stack, produceSeed, produced));
        int kills = 3 + random.nextInt(2);
        for (int k = 1; k <= kills; k++) {
            long runMs = 4_000 + random.nextInt(8_000);
            long downMs = random.nextInt(2_000);
            Thread.sleep(runMs);
            System.out.printf("RedshiftSinkCrashIT kill %d/%d after %d ms: %d changes made, offsets %s%n", k, kills, runMs,
                    produced.get(), committed(stack));
            assertThat(produced.get()).as("kill %d must fall inside the run (raise PAUSE_MS if the machine got faster)", k)
                    .isLessThan(CHANGES);
            stack.connect().kill();
            Thread.sleep(downMs);
            stack.connect().restart();
            stack.connect().rest().awaitRunning(CDC, 1, Duration.ofSeconds(120));
            stack.connect().rest().awaitRunning(SINK, 1, Duration.ofSeconds(120));
        }
        producing.get(6, TimeUnit.MINUTES);

        String table = "rs_crash." + RedshiftNames.defaults().normalize(TOPIC);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        List<List<String>> source;
        List<List<String>> target = List.of();
        try (Connection mysql = stack.mysql().connection()) {
            source = RedshiftSinkIT.rows(mysql, "SELECT id, v, note FROM rs_crash.items ORDER BY id");
        }
        while (Instant.now().isBefore(deadline)) {
            try (Connection pg = stack.postgres().connection("dev")) {
                target = RedshiftSinkIT.rows(pg, "SELECT id, v, note FROM " + table + " ORDER BY id");
            }
            if (target.equals(source)) {
                break;
            }
            Thread.sleep(1_000);
        }
        assertThat(target.size()).as("rows").isEqualTo(source.size());
        assertThat(target).as("the Redshift-side table equals MySQL").isEqualTo(source);

        long end = endOffset(stack);
        List<List<String>> offsets = committed(stack);
        while (!offsets.equals(List.of(List.of(TOPIC, "0", Long.toString(end)))) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            offsets = committed(stack);
        }
        assertThat(offsets).containsExactly(List.of(TOPIC, "0", Long.toString(end)));
        System.out.printf("RedshiftSinkCrashIT: %d kills, %d changes, %d rows, topic end %d%n", kills, produced.get(),
                source.size(), end);
        stack.connect().rest().delete(SINK);
        stack.connect().rest().delete(CDC);
    }

    /** CHANGES statements in transactions of CHUNK: upserts (~60%), updates (~25%), deletes (~15%) of random keys. */
    private static void produce(LocalStack stack, long seed, AtomicLong produced) {
        Random random = new Random(seed);
        try (Connection c = stack.mysql().connection();
             PreparedStatement upsert = c.prepareStatement("INSERT INTO rs_crash.items VALUES (?, ?, ?)"
                     + " ON DUPLICATE KEY UPDATE v = VALUES(v), note = VALUES(note)");
             PreparedStatement update = c.prepareStatement("UPDATE rs_crash.items SET v = v + ? WHERE id = ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM rs_crash.items WHERE id = ?")) {
            c.setAutoCommit(false);
            for (int from = 0; from < CHANGES; from += CHUNK) {
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
                produced.set(from + CHUNK);
                Thread.sleep(PAUSE_MS);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<List<String>> committed(LocalStack stack) {
        try (Connection pg = stack.postgres().connection("dev")) {
            return RedshiftSinkIT.rows(pg, "SELECT topic, kafka_partition, next_offset FROM rs_crash.tidemark_offsets"
                    + " WHERE connector_name = '" + SINK + "' ORDER BY 1, 2");
        } catch (SQLException e) {
            return List.of(List.of("(no offsets table yet: " + e.getMessage() + ")"));
        }
    }

    private static long endOffset(LocalStack stack) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }
}
