package io.tidemark.connect.s3;

import static io.tidemark.connect.s3.LandedObjects.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.FaultyProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault test: the sink writes through a {@link FaultyProxy} in front of S3Proxy that
 * answers about 10% of HTTP requests with an S3-style 500/503 error and resets the connection on a
 * few % more. 20,000 records over 2 partitions, rotation by count (500) and wall clock (2 s); then,
 * reading S3Proxy directly, every offset of both partitions is in exactly one object, the connector
 * and its task are RUNNING, and the proxy really did inject faults. The faults come from a seeded
 * {@link Random}: the seed is printed, {@code -Dtidemark.fault.seed=<n>} replays the fault sequence
 * (which request gets which fault still depends on timing).
 */
@ExtendWith(LocalStackExtension.class)
class S3SinkFaultIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS = 2;
  private static final int RECORDS = 20_000;
  private static final int PER_PARTITION = RECORDS / PARTITIONS;
  private static final int CHUNK = 500;
  private static final long PAUSE_MS = 100;
  private static final double ERROR_RATE = 0.10;
  private static final double RESET_RATE = 0.04;
  private static final int MIN_ERRORS = 1;
  private static final int MIN_RESETS = 1;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void everyOffsetLandsExactlyOnceThroughErrorsAndResets(LocalStack stack) throws Exception {
    long seed = Long.getLong("tidemark.fault.seed", System.nanoTime());
    System.out.println(
        "S3SinkFaultIT seed: " + seed + " (replay with -Dtidemark.fault.seed=" + seed + ")");
    String topic = "faultit.events";
    String connector = "s3it-fault";
    String prefix = "it-fault";
    try (Admin admin = stack.kafka().admin()) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }

    try (FaultyProxy proxy =
        new FaultyProxy(stack.s3().port(), new Random(seed), ERROR_RATE, RESET_RATE)) {
      long started = System.nanoTime();
      ConnectorConfig deployed =
          stack.deploy(
              template()
                  .with(
                      Map.of(
                          "record.kafka.coordinates.enabled",
                          "true",
                          "retry.backoff.initial.ms",
                          "100",
                          "retry.backoff.max.ms",
                          "1000")),
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
                  "NONE",
                  "ROTATE_RECORDS",
                  "500",
                  "ROTATE_SCHEDULE_MS",
                  "2000",
                  "VALUE_SCHEMAS_ENABLE",
                  "false",
                  "S3_ENDPOINT",
                  proxy.endpoint()),
              Duration.ofSeconds(90));
      assertThat(deployed.config().get("s3.endpoint.url")).isEqualTo(proxy.endpoint());

      CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(stack, topic));
      producing.get(2, TimeUnit.MINUTES);

      // The markers say everything below PER_PARTITION landed, on both partitions.
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      long[] committed = new long[PARTITIONS];
      while (System.nanoTime() < deadline) {
        boolean all = true;
        for (int p = 0; p < PARTITIONS; p++) {
          committed[p] = committedOffset(stack, markerKey(prefix, connector, topic, p));
          all &= committed[p] >= PER_PARTITION;
        }
        if (all) {
          break;
        }
        Thread.sleep(500);
      }
      System.out.printf(
          "S3SinkFaultIT: markers at %s after %d ms; proxy saw %d requests, injected %d errors"
              + " and %d resets%n",
          java.util.Arrays.toString(committed),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          proxy.requests(),
          proxy.errors(),
          proxy.resets());
      for (int p = 0; p < PARTITIONS; p++) {
        assertThat(committed[p])
            .as("marker committedOffset of partition %d; worker log:\n%s", p, tail(stack))
            .isEqualTo(PER_PARTITION);
      }

      // Read back directly from S3Proxy: every offset of both partitions in exactly one object.
      int[][] seen = new int[PARTITIONS][PER_PARTITION];
      List<String> dataKeys = keys(stack, prefix + "/" + topic + "/");
      long lines = 0;
      for (String key : dataKeys) {
        int p = key.contains("/partition=0/") ? 0 : 1;
        assertThat(key)
            .startsWith(prefix + "/" + topic + "/partition=" + p + "/" + topic + "+" + p + "+")
            .endsWith(".jsonl");
        for (String line : new String(bytes(stack, key), StandardCharsets.UTF_8).split("\n")) {
          JsonNode row = JSON.readTree(line);
          int offset = (int) row.get("__offset").asLong();
          assertThat(row.get("__partition").asInt())
              .as("partition of a row in %s", key)
              .isEqualTo(p);
          assertThat(row.get("p").asInt()).isEqualTo(p);
          assertThat(row.get("seq").asLong())
              .as("content of offset %d in %s", offset, key)
              .isEqualTo(offset);
          seen[p][offset]++;
          lines++;
        }
      }
      for (int p = 0; p < PARTITIONS; p++) {
        List<Integer> missing = new ArrayList<>();
        List<Integer> twice = new ArrayList<>();
        for (int o = 0; o < PER_PARTITION; o++) {
          if (seen[p][o] == 0 && missing.size() < 20) {
            missing.add(o);
          } else if (seen[p][o] > 1 && twice.size() < 20) {
            twice.add(o);
          }
        }
        assertThat(missing).as("partition %d: offsets missing (first 20)", p).isEmpty();
        assertThat(twice)
            .as("partition %d: offsets written more than once (first 20)", p)
            .isEmpty();
      }
      assertThat(lines).isEqualTo(RECORDS);

      // Through all of it the connector and its task kept RUNNING.
      JsonNode status = stack.connect().rest().status(deployed.name());
      assertThat(status.get("connector").get("state").asText())
          .as("status %s", status)
          .isEqualTo("RUNNING");
      assertThat(status.get("tasks")).as("status %s", status).isNotEmpty();
      for (JsonNode task : status.get("tasks")) {
        assertThat(task.get("state").asText()).as("status %s", status).isEqualTo("RUNNING");
      }

      // And the faults were real.
      System.out.printf(
          "S3SinkFaultIT: %d objects, %d records, each offset once; %d requests, %d errors,"
              + " %d resets (seed %d)%n",
          dataKeys.size(), lines, proxy.requests(), proxy.errors(), proxy.resets(), seed);
      assertThat(proxy.errors()).as("HTTP 5xx answers injected").isGreaterThanOrEqualTo(MIN_ERRORS);
      assertThat(proxy.resets())
          .as("connection resets injected")
          .isGreaterThanOrEqualTo(MIN_RESETS);
      stack.connect().rest().delete(deployed.name());
    }
  }

  /**
   * Records {"p": partition, "seq": offset} at offsets 0..PER_PARTITION-1 of each partition, in
   * paced chunks.
   */
  private static void produce(LocalStack stack, String topic) {
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
      for (int from = 0; from < PER_PARTITION; from += CHUNK) {
        for (int i = from; i < from + CHUNK; i++) {
          for (int p = 0; p < PARTITIONS; p++) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("p", p);
            value.put("seq", i);
            producer.send(
                new ProducerRecord<>(topic, p, "k" + p + "-" + i, JSON.writeValueAsString(value)));
          }
        }
        producer.flush();
        Thread.sleep(PAUSE_MS);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
