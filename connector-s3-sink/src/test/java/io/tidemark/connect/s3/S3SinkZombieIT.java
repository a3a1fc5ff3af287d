package io.tidemark.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.connect.s3.S3ExchangeProxy.Exchange;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.ConnectCluster;
import io.tidemark.stack.component.ConnectWorker;
import io.tidemark.stack.component.KafkaBroker;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.connect.ConnectRestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Zombie fencing on a real two-worker Connect cluster: a task whose worker is SIGSTOPped past the
 * consumer session loses its partitions to a task on the other worker; when it is SIGCONTed it
 * still holds a marker write in hand, and S3 must reject that write (412) and every other marker
 * write the zombie attempts after the takeover, while every record lands exactly once.
 *
 * <p>Each worker reaches S3 through its own {@link S3ExchangeProxy} (the connector's endpoint is
 * {@code ${env:TIDEMARK_S3_ENDPOINT}}, which each worker resolves from its own environment), so
 * every S3 request is attributed to a worker and recorded with S3's status. To be sure the zombie
 * writes after the takeover (a run where it never did would prove nothing), the proxy holds the
 * zombie's next pending-marker write (step 2 of a commit: the task thread is then inside {@code
 * put}, a batch in hand), the worker is paused right then, and the held write reaches S3 only after
 * the new owner has claimed the marker and landed files past it. Whatever else the zombie writes
 * after the takeover (other partitions of its batch, scheduled rotations on resume, commits) is
 * counted too: by the marker's {@code owner} for marker writes, and for data writes by time (after
 * the takeover, before any new task on that worker wrote a marker).
 *
 * <p>What it cannot observe: a zombie write that never reaches S3 (there is none to fence), and the
 * exact instant of the takeover (it is taken when the new owner's marker is seen, so "after the
 * takeover" may start a little late, never early).
 */
class S3SinkZombieIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONNECTOR = "s3-zombie";
  private static final String TOPIC = "zombie.orders";
  private static final String PREFIX = "it-zombie";
  private static final int PARTITIONS = 4;
  private static final int ROTATE_RECORDS = 20;
  private static final String FENCED_LOG = "another task owns this partition now";

  @Test
  void aPausedTaskThatLostItsPartitionsIsFencedAtItsNextMarkerWrite() throws Exception {
    long began = System.nanoTime();
    S3Server s3 = new S3Server(0);
    ConnectCluster cluster =
        new ConnectCluster(2).withWorkerProperties(ConnectCluster.FAST_FAILOVER);
    List<S3ExchangeProxy> proxies = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        proxies.add(new S3ExchangeProxy(S3Server.BUCKET, s3::port));
      }
      cluster.configure(
          (i, w) -> w.withEnvironment("TIDEMARK_S3_ENDPOINT", proxies.get(i).endpoint()));
      try (LocalStack stack =
          LocalStack.builder(Path.of("target/tidemark-zombie-stack"))
              .add(new KafkaBroker(0))
              .add(s3)
              .add(cluster)
              .build()
              .start()) {
        run(stack, cluster, proxies, began);
      }
    } finally {
      for (S3ExchangeProxy proxy : proxies) {
        proxy.close();
      }
    }
  }

  private void run(
      LocalStack stack, ConnectCluster cluster, List<S3ExchangeProxy> proxies, long began)
      throws Exception {
    try (Admin admin = stack.kafka().admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
    }
    ConnectorConfig template =
        LandedObjects.template()
            .with(
                Map.of(
                    // Resolved by each worker from its own environment: its own proxy.
                    "s3.endpoint.url", "${env:TIDEMARK_S3_ENDPOINT}",
                    "consumer.override.session.timeout.ms", "6000",
                    "consumer.override.heartbeat.interval.ms", "1000"));
    Map<String, String> values = new LinkedHashMap<>();
    values.put("CONNECTOR_NAME", CONNECTOR);
    values.put("TOPICS", TOPIC);
    values.put("TASKS_MAX", "2");
    values.put("S3_PREFIX", PREFIX);
    values.put("FORMAT", "JSONL");
    values.put("COMPRESSION", "NONE");
    values.put("ROTATE_RECORDS", Integer.toString(ROTATE_RECORDS));
    values.put("ROTATE_SCHEDULE_MS", "3000");
    values.put("VALUE_SCHEMAS_ENABLE", "false");

    try (Producer producer = new Producer(stack.kafka().bootstrapServers())) {
      stack.deploy(template, values, Duration.ofSeconds(120));
      // Two tasks, one per worker.
      Map<Integer, String> placement = new TreeMap<>();
      await(
          "two RUNNING tasks on two workers",
          Duration.ofSeconds(120),
          () -> {
            placement.clear();
            placement.putAll(taskPlacement(cluster.rest().status(CONNECTOR)));
            return placement.size() == 2 && new HashSet<>(placement.values()).size() == 2;
          },
          () -> cluster.rest().status(CONNECTOR).toString());
      ConnectWorker zombieWorker = cluster.workerById(placement.get(0));
      int z = cluster.workers().indexOf(zombieWorker);
      S3ExchangeProxy zombieProxy = proxies.get(z);

      // Warm up: both tasks land files of every partition, each through its own worker's proxy
      // (so ${env:...} was resolved per worker, not once for the whole connector).
      await(
          "files landed on every partition, through both workers' proxies",
          Duration.ofSeconds(120),
          () ->
              minCommitted(stack) >= 2L * ROTATE_RECORDS
                  && proxies.stream()
                      .allMatch(
                          proxy ->
                              proxy.exchanges().stream()
                                  .anyMatch(
                                      e ->
                                          e.isMarker()
                                              && e.method.equals("PUT")
                                              && e.status == 200)),
          () -> committed(stack) + ", exchanges per proxy " + exchangeCounts(proxies));

      // Hold the zombie's next pending-marker write (its task thread is then inside put()), and
      // freeze its worker right then: no heartbeats, its consumer session expires.
      zombieProxy.holdNext(
          e -> e.method.equals("PUT") && e.isMarker() && e.markerJson().contains("\"pending\":{"));
      Exchange held = zombieProxy.awaitHeld(Duration.ofSeconds(60));
      zombieWorker.pause();
      long pausedAt = System.nanoTime();
      JsonNode heldMarker = JSON.readTree(held.markerJson());
      int p = heldMarker.get("partition").asInt();
      long pendingEnd = heldMarker.get("pending").get("end").asLong();
      Set<String> zombieOwners = new HashSet<>();
      for (Exchange e : zombieProxy.exchanges()) {
        if (e.seq <= held.seq && e.method.equals("PUT") && e.isMarker()) {
          zombieOwners.add(owner(e));
        }
      }
      zombieOwners.remove("");
      String markerKey = LandedObjects.markerKey(PREFIX, CONNECTOR, TOPIC, p);

      // The takeover: another owner claimed partition p and landed files past the held object.
      await(
          "a new owner of partition " + p + " landing files past offset " + pendingEnd,
          Duration.ofSeconds(90),
          () -> {
            JsonNode marker = marker(stack, markerKey);
            return marker != null
                && !zombieOwners.contains(marker.path("owner").asText())
                && marker.get("committedOffset").asLong() > pendingEnd;
          },
          () -> String.valueOf(marker(stack, markerKey)));
      long takeoverAt = System.nanoTime();
      long takeoverSeconds = (takeoverAt - pausedAt) / 1_000_000_000L;
      // The consumer group moved the partitions; the Connect group moves the task too (the frozen
      // worker left the group; at once when it was the leader, else after
      // scheduled.rebalance.max.delay.ms): task 0 runs on the other worker, while the zombie's
      // instance of it still sits frozen inside put().
      String survivorId = placement.get(1);
      await(
          "task 0 RUNNING on the other worker " + survivorId,
          Duration.ofSeconds(90),
          () -> survivorId.equals(taskPlacement(cluster.rest().status(CONNECTOR)).get(0)),
          () -> cluster.rest().status(CONNECTOR).toString());
      long pauseSeconds = (System.nanoTime() - pausedAt) / 1_000_000_000L;

      // SIGCONT: the zombie resumes inside put(), and its held write reaches S3 now.
      zombieWorker.resume();
      zombieProxy.release();
      S3ExchangeProxy.awaitAnswer(held, Duration.ofSeconds(60));
      Path zombieLog = zombieWorker.process().logFile();
      await(
          "the zombie logging that it was fenced",
          Duration.ofSeconds(60),
          () -> Files.readString(zombieLog, StandardCharsets.UTF_8).contains(FENCED_LOG),
          () -> zombieWorker.process().logTail(30));

      // The cluster settles (the zombie's worker rejoins, tasks rebalance) and every partition
      // moves on well past where it was when the zombie resumed.
      Map<Integer, Long> atResume = committed(stack);
      await(
          "every partition landing files after the resume",
          Duration.ofSeconds(120),
          () -> {
            Map<Integer, Long> now = committed(stack);
            for (int q = 0; q < PARTITIONS; q++) {
              if (now.get(q) < atResume.get(q) + 2L * ROTATE_RECORDS) {
                return false;
              }
            }
            return true;
          },
          () -> committed(stack) + " vs " + atResume);
      Map<Integer, Long> ends = producer.stop();

      // Drain: every produced record durable (the scheduled rotation lands the last files).
      await(
          "every produced record durable",
          Duration.ofSeconds(120),
          () -> committed(stack).equals(ends),
          () -> committed(stack) + " vs produced " + ends);
      ConnectRestClient rest = cluster.rest();
      JsonNode status = rest.awaitRunning(CONNECTOR, 2, Duration.ofSeconds(60));

      // What the zombie wrote after the takeover, as S3 saw it.
      List<Exchange> zombieMarkerWrites = new ArrayList<>();
      List<Exchange> zombieDataWrites = new ArrayList<>();
      long newTaskOnZombieWorker = Long.MAX_VALUE;
      for (Exchange e : zombieProxy.exchanges()) {
        if (e.forwardedNanos < takeoverAt || !e.isWrite()) {
          continue;
        }
        if (e.isMarker() && e.method.equals("PUT")) {
          if (zombieOwners.contains(owner(e))) {
            zombieMarkerWrites.add(e);
          } else {
            newTaskOnZombieWorker = Math.min(newTaskOnZombieWorker, e.seq);
          }
        }
      }
      for (Exchange e : zombieProxy.exchanges()) {
        if (e.forwardedNanos >= takeoverAt
            && e.isWrite()
            && !e.isMarker()
            && e.seq < newTaskOnZombieWorker) {
          zombieDataWrites.add(e);
        }
      }
      List<Exchange> landedZombieData = new ArrayList<>();
      for (Exchange e : zombieDataWrites) {
        boolean publishes =
            (e.method.equals("PUT") && !e.query.contains("partNumber"))
                || (e.method.equals("POST") && e.query.contains("uploadId"));
        if (publishes && e.status / 100 == 2) {
          landedZombieData.add(e);
        }
      }

      // Read every visible data object back.
      Map<Integer, Map<Long, Integer>> seen = new TreeMap<>();
      Map<Integer, Map<Long, Long>> offsetOf = producer.offsets();
      List<String> dataKeys = LandedObjects.keys(stack, PREFIX + "/" + TOPIC + "/");
      List<String> unknown = new ArrayList<>();
      try (S3Client s3 = stack.s3().client()) {
        for (String key : dataKeys) {
          String text = s3.getObjectAsBytes(r -> r.bucket(S3Server.BUCKET).key(key)).asUtf8String();
          for (String line : text.split("\n")) {
            if (line.isBlank()) {
              continue;
            }
            JsonNode row = JSON.readTree(line);
            int q = row.get("p").asInt();
            Long offset = offsetOf.get(q).get(row.get("n").asLong());
            if (offset == null || !key.contains("/partition=" + q + "/")) {
              unknown.add(key + ": " + line);
              continue;
            }
            seen.computeIfAbsent(q, k -> new TreeMap<>()).merge(offset, 1, Integer::sum);
          }
        }
      }
      long produced = 0;
      long twice = 0;
      for (int q = 0; q < PARTITIONS; q++) {
        produced += ends.get(q);
        for (int count : seen.getOrDefault(q, Map.of()).values()) {
          twice += count > 1 ? 1 : 0;
        }
      }
      long zombie412 = zombieMarkerWrites.stream().filter(e -> e.status == 412).count();
      System.out.printf(
          "S3SinkZombieIT: zombie %s (task 0), held %s; takeover %d s after the pause, task 0"
              + " moved, resumed after %d s;"
              + " zombie marker writes after the takeover %d (412: %d): %s; zombie data writes"
              + " after the takeover %d (landed: %d): %s; objects %d; offsets produced %d, in"
              + " more than one object %d; %d s%n",
          zombieWorker.name(),
          held,
          takeoverSeconds,
          pauseSeconds,
          zombieMarkerWrites.size(),
          zombie412,
          zombieMarkerWrites,
          zombieDataWrites.size(),
          landedZombieData.size(),
          zombieDataWrites,
          dataKeys.size(),
          produced,
          twice,
          (System.nanoTime() - began) / 1_000_000_000L);

      assertThat(zombieMarkerWrites)
          .as("the zombie wrote no marker after the takeover: this run proves nothing")
          .isNotEmpty()
          .contains(held);
      assertThat(zombieMarkerWrites)
          .as("every marker write of the zombie after the takeover is rejected")
          .allSatisfy(e -> assertThat(e.status).as(e.toString()).isEqualTo(412));
      assertThat(landedZombieData)
          .as(
              "data objects the zombie made visible after the takeover (orphans: README, 'What is"
                  + " not fenced yet')")
          .isEmpty();
      assertThat(unknown).as("rows no producer sent").isEmpty();
      for (int q = 0; q < PARTITIONS; q++) {
        Map<Long, Integer> counts = seen.getOrDefault(q, Map.of());
        assertThat(counts.keySet())
            .as("partition %d: every produced offset visible", q)
            .containsExactlyInAnyOrderElementsOf(offsetOf.get(q).values());
        assertThat(counts.values()).as("partition %d: in exactly one object", q).containsOnly(1);
      }
      assertThat(status.get("connector").get("state").asText()).isEqualTo("RUNNING");
      for (JsonNode task : status.get("tasks")) {
        assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("RUNNING");
      }
      rest.delete(CONNECTOR);
    }
  }

  /** The owner a marker PUT writes, or "" when its body is no marker. */
  private static String owner(Exchange e) {
    try {
      JsonNode marker = JSON.readTree(e.markerJson());
      return marker == null ? "" : marker.path("owner").asText();
    } catch (IOException ex) {
      return "";
    }
  }

  private static List<Integer> exchangeCounts(List<S3ExchangeProxy> proxies) {
    List<Integer> counts = new ArrayList<>();
    proxies.forEach(proxy -> counts.add(proxy.exchanges().size()));
    return counts;
  }

  /** Task id to worker id of the RUNNING tasks. */
  private static Map<Integer, String> taskPlacement(JsonNode status) {
    Map<Integer, String> out = new TreeMap<>();
    for (JsonNode task : status.path("tasks")) {
      if ("RUNNING".equals(task.path("state").asText())) {
        out.put(task.get("id").asInt(), task.get("worker_id").asText());
      }
    }
    return out;
  }

  private static JsonNode marker(LocalStack stack, String key) throws IOException {
    var bytes = LandedObjects.get(stack, key);
    return bytes.isEmpty() ? null : JSON.readTree(bytes.get());
  }

  private static Map<Integer, Long> committed(LocalStack stack) throws IOException {
    Map<Integer, Long> out = new TreeMap<>();
    for (int q = 0; q < PARTITIONS; q++) {
      out.put(
          q,
          LandedObjects.committedOffset(
              stack, LandedObjects.markerKey(PREFIX, CONNECTOR, TOPIC, q)));
    }
    return out;
  }

  private static long minCommitted(LocalStack stack) throws IOException {
    return committed(stack).values().stream().mapToLong(Long::longValue).min().orElse(-1);
  }

  private static void await(
      String what, Duration timeout, Callable<Boolean> done, Callable<String> diagnostics)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Boolean ok;
      try {
        ok = done.call();
      } catch (RuntimeException | IOException e) {
        ok = false;
      }
      if (Boolean.TRUE.equals(ok)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        String detail;
        try {
          detail = diagnostics.call();
        } catch (Exception e) {
          detail = e.toString();
        }
        throw new AssertionError(
            "no " + what + " within " + timeout.toSeconds() + " s; last: " + detail);
      }
      Thread.sleep(250);
    }
  }

  /**
   * Produces to every partition, a round every 50 ms, records {"p": partition, "n": sequence}; the
   * offset each got is kept by partition and sequence.
   */
  private static final class Producer implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final Map<Integer, Map<Long, Long>> offsets = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    Producer(String bootstrap) {
      producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ProducerConfig.ACKS_CONFIG,
                  "all",
                  ProducerConfig.LINGER_MS_CONFIG,
                  "5"),
              new StringSerializer(),
              new StringSerializer());
      for (int q = 0; q < PARTITIONS; q++) {
        offsets.put(q, new ConcurrentHashMap<>());
      }
      thread = new Thread(this::produce, "zombie-it-producer");
      thread.setDaemon(true);
      thread.start();
    }

    private void produce() {
      long n = 0;
      while (running) {
        for (int q = 0; q < PARTITIONS; q++) {
          int partition = q;
          long seq = n;
          String value = "{\"p\":" + q + ",\"n\":" + n + ",\"note\":\"zombie fencing\"}";
          producer.send(
              new ProducerRecord<>(TOPIC, q, "k" + n, value),
              (metadata, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                } else {
                  offsets.get(partition).put(seq, metadata.offset());
                }
              });
        }
        n++;
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** Stops producing; returns per partition the offset after the last record. */
    Map<Integer, Long> stop() throws InterruptedException {
      running = false;
      thread.join(10_000);
      producer.flush();
      if (failure.get() != null) {
        throw new AssertionError("a produce failed", failure.get());
      }
      Map<Integer, Long> ends = new TreeMap<>();
      offsets.forEach(
          (q, byN) -> ends.put(q, byN.values().stream().mapToLong(o -> o + 1).max().orElse(0)));
      return ends;
    }

    Map<Integer, Map<Long, Long>> offsets() {
      return offsets;
    }

    @Override
    public void close() {
      running = false;
      producer.close(Duration.ofSeconds(10));
    }
  }
}
