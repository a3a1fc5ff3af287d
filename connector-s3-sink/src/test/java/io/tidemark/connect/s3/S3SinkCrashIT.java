package io.tidemark.connect.s3;

import static io.tidemark.connect.s3.LandedObjects.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The "done when": 200k records through the sink while the Connect worker is SIGKILLed at
 * random points (3 or 4 times) and restarted, with wall-clock (2 s) and record-count rotation; then
 * every offset 0..199999 is in exactly one object, with its own record's content, and every object
 * has a commit event. The kill points come from a seeded {@link Random}: the seed is printed, and
 * {@code -Dtidemark.crash.seed=<n>} replays a run's schedule (the timing of the machine still
 * varies).
 */
@ExtendWith(LocalStackExtension.class)
class S3SinkCrashIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS = 200_000;
  private static final int CHUNK = 1_000;

  /** Producing takes about RECORDS / CHUNK * PAUSE: the kills fall inside the run. */
  private static final long PAUSE_MS = 600;

  private static final String PAD = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(8);

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void everyOffsetLandsExactlyOnceAcrossRandomWorkerKills(LocalStack stack) throws Exception {
    long seed = Long.getLong("tidemark.crash.seed", System.nanoTime());
    System.out.println(
        "S3SinkCrashIT seed: " + seed + " (replay with -Dtidemark.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    String topic = "crashit.events";
    String events = "crashit.commits";
    String connector = "s3it-crash";
    String prefix = "it-crash";
    try (Admin admin = stack.kafka().admin()) {
      admin
          .createTopics(
              List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(events, 1, (short) 1)))
          .all()
          .get();
    }

    AtomicLong produced = new AtomicLong();
    long produceSeed = random.nextLong();
    CompletableFuture<Void> producing =
        CompletableFuture.runAsync(() -> produce(stack, topic, produceSeed, produced));

    // A short consumer session so the group does not wait 45 s for the killed worker's member.
    ConnectorConfig deployed =
        stack.deploy(
            template()
                .with(
                    Map.of(
                        "record.kafka.coordinates.enabled", "true",
                        "consumer.override.session.timeout.ms", "6000",
                        "consumer.override.heartbeat.interval.ms", "1000")),
            Map.of(
                "CONNECTOR_NAME",
                connector,
                "TOPICS",
                topic,
                "S3_PREFIX",
                prefix,
                "FORMAT",
                "JSONL",
                "COMPRESSION",
                "GZIP",
                "ROTATE_RECORDS",
                "5000",
                "ROTATE_SCHEDULE_MS",
                "2000",
                "VALUE_SCHEMAS_ENABLE",
                "false",
                "COMMIT_EVENTS_TOPIC",
                events),
            Duration.ofSeconds(120));
    String markerKey = prefix + "/_tidemark/markers/" + connector + "/" + topic + "/0.json";

    int kills = 3 + random.nextInt(2);
    for (int k = 1; k <= kills; k++) {
      long runMs = 2_000 + random.nextInt(8_000);
      long downMs = random.nextInt(3_000);
      Thread.sleep(runMs);
      long committed = committedOffset(stack, markerKey);
      System.out.printf(
          "S3SinkCrashIT kill %d/%d after %d ms: produced %d, marker at %d%n",
          k, kills, runMs, produced.get(), committed);
      assertThat(committed)
          .as("kill %d must fall inside the run (raise PAUSE_MS if the machine got faster)", k)
          .isLessThan(RECORDS);
      stack.connect().kill();
      Thread.sleep(downMs);
      stack.connect().restart();
      stack.connect().rest().awaitRunning(deployed.name(), 1, Duration.ofSeconds(120));
    }
    producing.get(5, TimeUnit.MINUTES);
    assertThat(produced.get()).isEqualTo(RECORDS);

    // The marker says everything below 200000 landed (or was skipped: nothing is here).
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    long committed = -1;
    while (System.nanoTime() < deadline
        && (committed = committedOffset(stack, markerKey)) < RECORDS) {
      Thread.sleep(1_000);
    }
    assertThat(committed)
        .as("marker committedOffset; worker log:\n%s", tail(stack))
        .isEqualTo(RECORDS);

    // Every offset in exactly one object, holding that offset's own record.
    int[] seen = new int[RECORDS];
    List<String> dataKeys = keys(stack, prefix + "/" + topic + "/");
    long lines = 0;
    for (String key : dataKeys) {
      assertThat(key)
          .startsWith(prefix + "/" + topic + "/partition=0/" + topic + "+0+")
          .endsWith(".jsonl.gz");
      for (String line : gunzip(bytes(stack, key)).split("\n")) {
        JsonNode row = JSON.readTree(line);
        int offset = (int) row.get("__offset").asLong();
        assertThat(row.get("seq").asLong())
            .as("content of offset %d in %s", offset, key)
            .isEqualTo(offset);
        assertThat(row.get("pad").asText()).isEqualTo(pad(new Random(produceSeed ^ offset)));
        seen[offset]++;
        lines++;
      }
    }
    List<Integer> missing = new ArrayList<>();
    List<Integer> twice = new ArrayList<>();
    for (int o = 0; o < RECORDS; o++) {
      if (seen[o] == 0 && missing.size() < 20) {
        missing.add(o);
      } else if (seen[o] > 1 && twice.size() < 20) {
        twice.add(o);
      }
    }
    assertThat(missing).as("offsets missing (first 20)").isEmpty();
    assertThat(twice).as("offsets written more than once (first 20)").isEmpty();
    assertThat(lines).isEqualTo(RECORDS);
    System.out.printf(
        "S3SinkCrashIT: %d kills, %d objects, %d records, each offset once%n",
        kills, dataKeys.size(), lines);

    // Every object has a commit event (events may repeat after a crash), and none names a missing
    // object.
    Set<String> announced = eventKeys(stack, events, dataKeys);
    assertThat(announced).containsAll(dataKeys);
    assertThat(dataKeys).containsAll(announced);
    stack.connect().rest().delete(deployed.name());
  }

  /** Records {"seq": n, "pad": 60..250 chars} at offsets 0..RECORDS-1, in paced chunks. */
  private static void produce(LocalStack stack, String topic, long seed, AtomicLong produced) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "true",
                ProducerConfig.LINGER_MS_CONFIG,
                "20"),
            new StringSerializer(),
            new StringSerializer())) {
      for (int from = 0; from < RECORDS; from += CHUNK) {
        for (int i = from; i < from + CHUNK; i++) {
          Map<String, Object> value = new LinkedHashMap<>();
          value.put("seq", i);
          value.put("pad", pad(new Random(seed ^ i)));
          producer.send(new ProducerRecord<>(topic, 0, "k" + i, JSON.writeValueAsString(value)));
        }
        producer.flush();
        produced.set(from + CHUNK);
        Thread.sleep(PAUSE_MS);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String pad(Random r) {
    int start = r.nextInt(40);
    return PAD.substring(start, start + 60 + r.nextInt(190));
  }

  /**
   * Object keys named by the events topic, read from the start until all of {@code expected}
   * appear.
   */
  private static Set<String> eventKeys(LocalStack stack, String topic, List<String> expected) {
    Set<String> keys = new TreeSet<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long end = consumer.endOffsets(partitions).get(partitions.get(0));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while ((!keys.containsAll(expected) || consumer.position(partitions.get(0)) < end)
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          keys.add(r.key());
        }
      }
    }
    return keys;
  }

  private static String tail(LocalStack stack) {
    try {
      List<String> lines = Files.readAllLines(stack.workDir().resolve("logs/connect.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e + ")";
    }
  }
}
