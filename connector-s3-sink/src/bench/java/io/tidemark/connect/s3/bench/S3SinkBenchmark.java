package io.tidemark.connect.s3.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.artifacts.MavenArtifacts;
import io.tidemark.stack.bench.BenchResult;
import io.tidemark.stack.component.ConnectWorker;
import io.tidemark.stack.component.KafkaBroker;
import io.tidemark.stack.component.KafkaRuntime;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.connect.ConnectRestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.json.JsonConverter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 sink's throughput and memory benchmark (connector-s3-sink/bench.sh). On one local stack
 * (Kafka, one Connect worker, S3Proxy) and one topic of Debezium-shaped records it measures, in the
 * same run and on the same worker: a plain KafkaConsumer that only deserialises, Kafka's own
 * FileStreamSinkConnector, and the S3 sink writing JSONL+gzip and Parquet+snappy. Each contender
 * runs {@code rounds} times in turn and its best round counts, which evens out a shared machine.
 * Then it opens 1,000 field partitions at once with a buffer budget and samples the worker's live
 * heap. Prints a table, writes {@code target/bench/s3-sink-benchmark.md}, and exits 2 when a target
 * is missed.
 */
public final class S3SinkBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double JSONL_TARGET = 0.60;
  private static final double PARQUET_TARGET = 0.40;
  private static final long HEAP_SLACK = 64L << 20;

  private final Settings settings;
  private final LocalStack stack;
  private final ConnectorConfig s3Template;
  private long valueBytes;

  private S3SinkBenchmark(Settings settings, LocalStack stack, ConnectorConfig s3Template) {
    this.settings = settings;
    this.stack = stack;
    this.s3Template = s3Template;
  }

  record Settings(
      Path outDir,
      long records,
      int rounds,
      long heapRecords,
      int openPartitions,
      long budgetBytes) {
    static Settings parse(String[] args) {
      Map<String, String> named = new LinkedHashMap<>();
      for (int i = 1; i < args.length; i++) {
        String[] kv = args[i].split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("expected key=value, got " + args[i]);
        }
        named.put(kv[0], kv[1]);
      }
      return new Settings(
          Path.of(args[0]),
          Long.parseLong(named.getOrDefault("records", "1000000")),
          Integer.parseInt(named.getOrDefault("rounds", "2")),
          Long.parseLong(named.getOrDefault("heapRecords", "200000")),
          Integer.parseInt(named.getOrDefault("partitions", "1000")),
          Long.parseLong(named.getOrDefault("budgetBytes", Long.toString(64L << 20))));
    }
  }

  record Result(String name, long records, long bytes, double seconds) {
    double recordsPerSecond() {
      return records / seconds;
    }

    double megabytesPerSecond() {
      return bytes / seconds / 1e6;
    }
  }

  /** Live heap peaks of the worker: idle, under FileStreamSink, under the S3 sink, same topic. */
  record HeapResult(
      long idleLive, long fileStreamPeak, long s3Peak, int partitionFolders, long budget) {
    /** What the S3 sink holds beyond what the worker needs to run any sink on this topic. */
    long sinkShare() {
      return s3Peak - fileStreamPeak;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: S3SinkBenchmark <out dir> [records=N] [rounds=N] [heapRecords=N] [partitions=N] [budgetBytes=N]");
      System.exit(64);
    }
    Settings settings = Settings.parse(args);
    Files.createDirectories(settings.outDir());
    Path connectFile =
        MavenArtifacts.fromEnvironment()
            .file("org.apache.kafka:connect-file:" + KafkaRuntime.DEFAULT_VERSION);
    LocalStack stack =
        LocalStack.builder(settings.outDir().resolve("stack"))
            .add(new KafkaBroker(0))
            .add(new ConnectWorker(0).withPlugin(connectFile))
            .add(new S3Server(0))
            .build();
    int exit;
    try (LocalStack started = stack.start()) {
      exit = new S3SinkBenchmark(settings, started, s3Template()).run();
    }
    System.exit(exit);
  }

  private int run() throws Exception {
    if (settings.records() == 0) {
      return report(List.of(), heapWithOpenPartitions());
    }
    String topic = "bench.transactions";
    createTopic(topic);
    log("producing " + settings.records() + " records to " + topic);
    valueBytes =
        DebeziumShapedRecords.produce(
            stack.kafka().bootstrapServers(), topic, settings.records(), 1000);
    log(
        String.format(
            "%.1f MB of values, %.0f bytes per record",
            valueBytes / 1e6, (double) valueBytes / settings.records()));

    Map<String, Result> best = new LinkedHashMap<>();
    for (int round = 1; round <= settings.rounds(); round++) {
      keepBest(best, rawConsumer(topic));
      keepBest(best, fileStreamSink(topic, round));
      keepBest(best, s3Sink("S3 sink JSONL+gzip", topic, round, "JSONL", "GZIP"));
      keepBest(best, s3Sink("S3 sink Parquet+snappy", topic, round, "PARQUET", "SNAPPY"));
    }
    HeapResult heap = heapWithOpenPartitions();
    return report(new ArrayList<>(best.values()), heap);
  }

  /**
   * Records per file: 100,000, or the whole run when smaller, so the last file lands by count too.
   */
  private long filesOf() {
    long perFile = Math.min(100_000, settings.records());
    if (settings.records() % perFile != 0) {
      throw new IllegalArgumentException("records must be a multiple of " + perFile);
    }
    return perFile;
  }

  private Result rawConsumer(String topic) {
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), false);
    TopicPartition tp = new TopicPartition(topic, 0);
    long start = System.nanoTime();
    long records = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      while (records < settings.records()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          converter.toConnectData(topic, r.value());
          records++;
        }
      }
    }
    return result("KafkaConsumer (deserialise only)", start);
  }

  private Result fileStreamSink(String topic, int round) throws Exception {
    String name = "bench-file-" + round;
    Path file = settings.outDir().resolve(name + ".txt");
    Map<String, String> config = fileStreamConfig(topic, file);
    long start = System.nanoTime();
    stack.connect().rest().putConfig(name, config);
    awaitGroupAtEnd(name, topic, settings.records());
    Result result = result("FileStreamSinkConnector", start);
    stack.connect().rest().delete(name);
    Files.deleteIfExists(file);
    return result;
  }

  private static Map<String, String> fileStreamConfig(String topic, Path file) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector");
    config.put("tasks.max", "1");
    config.put("topics", topic);
    config.put("file", file.toString());
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "false");
    return config;
  }

  private Result s3Sink(String label, String topic, int round, String format, String compression) {
    String name = "bench-s3-" + format.toLowerCase() + "-" + round;
    long start = System.nanoTime();
    stack.deploy(
        s3Template,
        Map.of(
            "CONNECTOR_NAME",
            name,
            "TOPICS",
            topic,
            "S3_PREFIX",
            name,
            "FORMAT",
            format,
            "COMPRESSION",
            compression,
            "ROTATE_RECORDS",
            Long.toString(filesOf()),
            "VALUE_SCHEMAS_ENABLE",
            "false"),
        Duration.ofSeconds(120));
    awaitGroupAtEnd(name, topic, settings.records());
    Result result = result(label, start);
    stack.connect().rest().delete(name);
    return result;
  }

  /**
   * 1,000 field partitions open at once in one task, Parquet (the format whose open writers cost
   * the most), with the worker's live heap sampled; FileStreamSink on the same topic first gives
   * what the worker itself needs (consumer fetches, converters, records in flight).
   */
  private HeapResult heapWithOpenPartitions() throws Exception {
    String topic = "bench.partitions";
    createTopic(topic);
    DebeziumShapedRecords.produce(
        stack.kafka().bootstrapServers(), topic, settings.heapRecords(), settings.openPartitions());
    try (LiveHeapSampler sampler = LiveHeapSampler.attach(stack.connect().process().pid(), 1000)) {
      long idle = sampler.liveHeap();
      log(String.format("worker live heap idle: %.1f MiB", mib(idle)));
      sampler.start();
      String file = "bench-file-heap";
      Path out = settings.outDir().resolve(file + ".txt");
      stack.connect().rest().putConfig(file, fileStreamConfig(topic, out));
      awaitGroupAtEnd(file, topic, settings.heapRecords());
      long fileStreamPeak = sampler.resetPeak();
      stack.connect().rest().delete(file);
      Files.deleteIfExists(out);
      log(
          String.format(
              "worker live heap peak under FileStreamSink: %.1f MiB", mib(fileStreamPeak)));

      String name = "bench-s3-heap";
      Map<String, String> values = new LinkedHashMap<>();
      values.put("CONNECTOR_NAME", name);
      values.put("TOPICS", topic);
      values.put("S3_PREFIX", name);
      values.put("FORMAT", "PARQUET");
      values.put("COMPRESSION", "SNAPPY");
      values.put("PARTITIONER", "FIELD");
      values.put("PARTITION_FIELDS", "after.bucket");
      values.put("ROTATE_RECORDS", "1000000");
      values.put("ROTATE_SCHEDULE_MS", "30000");
      values.put("VALUE_SCHEMAS_ENABLE", "false");
      stack.deploy(
          s3Template.with(Map.of("buffer.budget.bytes", Long.toString(settings.budgetBytes()))),
          values,
          Duration.ofSeconds(120));
      awaitGroupAtEnd(name, topic, settings.heapRecords());
      long s3Peak = sampler.resetPeak();
      stack.connect().rest().delete(name);
      log(String.format("worker live heap peak under the S3 sink: %.1f MiB", mib(s3Peak)));
      return new HeapResult(
          idle,
          fileStreamPeak,
          s3Peak,
          partitionFolders(name + "/" + topic + "/"),
          settings.budgetBytes());
    }
  }

  private int partitionFolders(String prefix) {
    Set<String> folders = new TreeSet<>();
    try (S3Client s3 = stack.s3().client()) {
      for (S3Object o :
          s3.listObjectsV2Paginator(r -> r.bucket(S3Server.BUCKET).prefix(prefix)).contents()) {
        String rest = o.key().substring(prefix.length());
        folders.add(rest.substring(0, rest.indexOf('/')));
      }
    }
    return folders.size();
  }

  private int report(List<Result> results, HeapResult heap) throws Exception {
    StringBuilder md = new StringBuilder("# S3 sink benchmark\n\n");
    md.append(
        String.format(
            "Machine: %d cores, Java %s, Kafka/Connect %s, one Connect worker (-Xmx1g), S3Proxy "
                + "on the same machine.%n%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            KafkaRuntime.DEFAULT_VERSION));
    boolean throughputOk = true;
    BenchResult result =
        new BenchResult(
                "s3-sink",
                "S3 sink throughput against Kafka's FileStreamSinkConnector and a raw"
                    + " KafkaConsumer on the same worker and topic; memory with many open partitions.")
            .setting("records", settings.records())
            .setting("rounds (best of)", settings.rounds())
            .setting("memory test records", settings.heapRecords())
            .setting("open partitions", settings.openPartitions())
            .setting("buffer.budget.bytes", String.format("%.0f MiB", mib(settings.budgetBytes())));
    if (!results.isEmpty()) {
      Result file = find(results, "FileStreamSinkConnector");
      Result consumer = find(results, "KafkaConsumer (deserialise only)");
      result.setting("records per S3 object", filesOf());
      for (Result r : results) {
        if (r == file) {
          continue; // the baseline: compared with the raw consumer below
        }
        double ratio = r.recordsPerSecond() / file.recordsPerSecond();
        Double target = switch (r.name()) { // boxed: the baselines have no target
              case "S3 sink JSONL+gzip" -> Double.valueOf(JSONL_TARGET);
              case "S3 sink Parquet+snappy" -> Double.valueOf(PARQUET_TARGET);
              default -> null;
            };
        result.line(
            BenchResult.Line.compared(
                r.name(),
                "records/s",
                String.format("%,.0f", r.recordsPerSecond()),
                "FileStreamSinkConnector",
                String.format("%,.0f", file.recordsPerSecond()),
                String.format("%.2f", ratio),
                target == null ? "" : String.format(">= %.2f", target),
                target == null ? null : ratio >= target));
      }
      result.line(
          BenchResult.Line.compared(
              "FileStreamSinkConnector",
              "records/s",
              String.format("%,.0f", file.recordsPerSecond()),
              "KafkaConsumer (deserialise only)",
              String.format("%,.0f", consumer.recordsPerSecond()),
              String.format("%.2f", file.recordsPerSecond() / consumer.recordsPerSecond()),
              "",
              null));
      md.append(
          String.format(
              "Throughput: one topic partition, one task, %,d Debezium-shaped records (%.0f bytes "
                  + "each, schemaless JSON), %,d records per S3 object, best of %d rounds per contender.%n%n",
              settings.records(),
              (double) valueBytes / settings.records(),
              filesOf(),
              settings.rounds()));
      md.append(
          "| contender | records/s | MB/s | vs FileStreamSink | vs raw consumer |\n|---|---:|---:|---:|---:|\n");
      for (Result r : results) {
        md.append(
            String.format(
                "| %s | %,.0f | %.1f | %.2f | %.2f |%n",
                r.name(),
                r.recordsPerSecond(),
                r.megabytesPerSecond(),
                r.recordsPerSecond() / file.recordsPerSecond(),
                r.recordsPerSecond() / consumer.recordsPerSecond()));
      }
      double jsonl =
          find(results, "S3 sink JSONL+gzip").recordsPerSecond() / file.recordsPerSecond();
      double parquet =
          find(results, "S3 sink Parquet+snappy").recordsPerSecond() / file.recordsPerSecond();
      throughputOk = jsonl >= JSONL_TARGET && parquet >= PARQUET_TARGET;
      md.append(
          String.format(
              "%nTargets: JSONL+gzip >= %.0f%% of FileStreamSink: %.0f%% %s; Parquet+snappy >= "
                  + "%.0f%%: %.0f%% %s.%n",
              JSONL_TARGET * 100,
              jsonl * 100,
              verdict(jsonl >= JSONL_TARGET),
              PARQUET_TARGET * 100,
              parquet * 100,
              verdict(parquet >= PARQUET_TARGET)));
    }
    boolean heapOk =
        heap.sinkShare() <= heap.budget() + HEAP_SLACK
            && heap.partitionFolders() == settings.openPartitions();
    md.append(
        String.format(
            "%nMemory: %,d records over %d field partitions, all open at once in one task "
                + "(Parquet+snappy, buffer.budget.bytes = %.0f MiB). Worker live heap (full GC before every sample, "
                + "one a second): idle %.1f MiB; peak %.1f MiB under FileStreamSink on the same topic; peak %.1f MiB "
                + "under the S3 sink. The S3 sink's share %.1f MiB against budget + 64 MiB = %.0f MiB: %s. "
                + "Partition folders landed: %d of %d.%n",
            settings.heapRecords(),
            settings.openPartitions(),
            mib(heap.budget()),
            mib(heap.idleLive()),
            mib(heap.fileStreamPeak()),
            mib(heap.s3Peak()),
            mib(heap.sinkShare()),
            mib(heap.budget() + HEAP_SLACK),
            verdict(heapOk),
            heap.partitionFolders(),
            settings.openPartitions()));
    result.line(
        BenchResult.Line.compared(
            "S3 sink heap share, " + settings.openPartitions() + " open partitions",
            "MiB of worker live heap",
            String.format("%.1f", mib(heap.sinkShare())),
            "budget + 64 MiB",
            String.format("%.0f", mib(heap.budget() + HEAP_SLACK)),
            String.format("%.2f", (double) heap.sinkShare() / (heap.budget() + HEAP_SLACK)),
            "<= 1.00",
            heap.sinkShare() <= heap.budget() + HEAP_SLACK));
    result.line(
        BenchResult.Line.compared(
            "S3 sink partition folders landed",
            "folders",
            Integer.toString(heap.partitionFolders()),
            "open partitions",
            Integer.toString(settings.openPartitions()),
            "",
            "all",
            heap.partitionFolders() == settings.openPartitions()));
    result.note(
        String.format(
            "Worker live heap (full GC before each sample): idle %.1f MiB, peak %.1f MiB under"
                + " FileStreamSink, peak %.1f MiB under the S3 sink; the share is the difference of the peaks.",
            mib(heap.idleLive()), mib(heap.fileStreamPeak()), mib(heap.s3Peak())));
    result.writeTo(settings.outDir());
    Path out = settings.outDir().resolve("s3-sink-benchmark.md");
    Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(md);
    System.out.println("written to " + out);
    return throughputOk && heapOk ? 0 : 2;
  }

  private static double mib(long bytes) {
    return bytes / 1048576.0;
  }

  private static String verdict(boolean ok) {
    return ok ? "met" : "MISSED";
  }

  private static Result find(List<Result> results, String name) {
    return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  private static void keepBest(Map<String, Result> best, Result result) {
    log(
        String.format(
            "%-34s %,10.0f records/s %7.1f MB/s (%.1f s)",
            result.name(),
            result.recordsPerSecond(),
            result.megabytesPerSecond(),
            result.seconds()));
    best.merge(result.name(), result, (a, b) -> a.seconds() <= b.seconds() ? a : b);
  }

  private Result result(String name, long startNanos) {
    return new Result(name, settings.records(), valueBytes, (System.nanoTime() - startNanos) / 1e9);
  }

  /** Waits until the sink connector's consumer group has committed every offset of the topic. */
  private void awaitGroupAtEnd(String connector, String topic, long end) {
    TopicPartition tp = new TopicPartition(topic, 0);
    long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
    try (Admin admin = stack.kafka().admin()) {
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> offsets =
            admin
                .listConsumerGroupOffsets("connect-" + connector)
                .partitionsToOffsetAndMetadata()
                .get();
        OffsetAndMetadata committed = offsets.get(tp);
        if (committed != null && committed.offset() >= end) {
          return;
        }
        failIfTaskFailed(connector);
        Thread.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not read the offsets of connect-" + connector, e);
    }
    throw new IllegalStateException(
        connector + " did not reach offset " + end + " of " + topic + " in 20 minutes");
  }

  private void failIfTaskFailed(String connector) {
    JsonNode status;
    try {
      status = stack.connect().rest().status(connector);
    } catch (ConnectRestClient.ConnectRestException e) {
      return; // no status yet right after the PUT
    }
    for (JsonNode task : status.path("tasks")) {
      if ("FAILED".equals(task.path("state").asText())) {
        throw new IllegalStateException(connector + " task failed: " + task.path("trace").asText());
      }
    }
  }

  private void createTopic(String topic) throws Exception {
    try (Admin admin = stack.kafka().admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  /** The example config the plugin archive ships (etc/), as users deploy it. */
  private static ConnectorConfig s3Template() throws Exception {
    Path file = Path.of("src/main/etc/s3-sink-local.json");
    JsonNode doc = JSON.readTree(file.toFile());
    Map<String, String> values = new LinkedHashMap<>();
    doc.get("config").fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asText()));
    return new ConnectorConfig(file.toString(), doc.get("name").asText(), values);
  }

  private static void log(String line) {
    System.out.println("[bench] " + line);
  }
}
