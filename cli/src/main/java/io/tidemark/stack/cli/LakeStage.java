package io.tidemark.stack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.kit.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 stage: two S3 sinks from connect-configs/local/s3-sink.json (CdcUnwrap + NormalizeTypes,
 * Parquet). {@code s3-landing} lands both tables in the default {@code partition=<n>} folders and
 * publishes the commit events the Athena MERGE companion consumes (its landing tables map that
 * layout); {@code s3-transactions-by-day} lands transactions once more in Hive {@code
 * dt=YYYY-MM-dd} folders, the layout a data engineer queries directly. The check: the commit events
 * of each sink account for every change event (tombstones are dropped by CdcUnwrap) and name
 * objects that are in the bucket. (Row-level exactly-once is the S3 sink's own IT.)
 */
final class LakeStage implements DemoStage {
  static final String COMMITS_TOPIC = "tidemark.s3.commits";
  static final String LANDING_PREFIX = "raw";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One S3 sink: its connector name, bucket prefix, commit-event topic and source tables. */
  private record Sink(
      String name, String prefix, String commitsTopic, List<String> tables, String layout) {}

  private static final List<Sink> SINKS =
      List.of(
          new Sink(
              "s3-landing",
              LANDING_PREFIX,
              COMMITS_TOPIC,
              List.of("users", "transactions"),
              "partition=<n>"),
          new Sink(
              "s3-transactions-by-day",
              "hive",
              "tidemark.s3.hive.commits",
              List.of("transactions"),
              "dt=YYYY-MM-dd"));

  /** Commit events read so far per sink, by object key. */
  private final Map<Sink, Map<String, JsonNode>> objects = new LinkedHashMap<>();

  private final Map<Sink, TopicReader> readers = new HashMap<>();

  @Override
  public String name() {
    return "S3";
  }

  @Override
  public List<ConnectorConfig> deploy(DemoContext demo) {
    ConnectorConfig template = ConnectorConfig.load("local/s3-sink.json");
    List<ConnectorConfig> deployed = new ArrayList<>();
    for (Sink sink : SINKS) {
      Map<String, String> values =
          new HashMap<>(
              Map.of(
                  "CONNECTOR_NAME",
                  sink.name(),
                  "S3_PREFIX",
                  sink.prefix(),
                  "COMMIT_EVENTS_TOPIC",
                  sink.commitsTopic(),
                  "ROTATE_SCHEDULE_MS",
                  "2000",
                  "TOPICS",
                  sink.tables().stream().map(demo::topic).collect(Collectors.joining(","))));
      if (sink.layout().startsWith("dt=")) {
        values.putAll(
            Map.of(
                "PARTITIONER",
                "TIME",
                "TIME_SOURCE",
                "FIELD",
                "TIME_FIELD",
                "dt",
                "TIME_PATH_FORMAT",
                "dt=YYYY-MM-dd"));
      }
      deployed.add(demo.stack().deploy(template, values, demo.timeout()));
      demo.out()
          .printf(
              "  [S3] connector %s: %s as Parquet in s3://%s/%s/<topic>/%s/, commit events on %s%n",
              sink.name(),
              String.join(" and ", sink.tables()),
              S3Server.BUCKET,
              sink.prefix(),
              sink.layout(),
              sink.commitsTopic());
      objects.put(sink, new TreeMap<>());
      readers.put(
          sink, new TopicReader(demo.stack().kafka().bootstrapServers(), sink.commitsTopic()));
    }
    return deployed;
  }

  @Override
  public String progress(DemoContext demo) {
    List<String> parts = new ArrayList<>();
    for (Sink sink : SINKS) {
      readers
          .get(sink)
          .poll(Duration.ofMillis(100))
          .forEach(r -> objects.get(sink).put(r.key(), read(r.value())));
      Map<String, JsonNode> landed = objects.get(sink);
      parts.add(
          String.format(
              "%s %d objects, %d rows",
              sink.name(),
              landed.size(),
              landed.values().stream().mapToLong(o -> o.path("recordCount").asLong()).sum()));
    }
    return String.join("; ", parts);
  }

  @Override
  public boolean awaitAndCheck(DemoContext demo) {
    Map<String, List<ConsumerRecord<String, String>>> events = demo.changeEvents().get();
    boolean ok = true;
    for (Sink sink : SINKS) {
      ok &= awaitAndCheck(demo, sink, events);
    }
    Set<String> inBucket = listBucket(demo);
    Set<String> named = new TreeSet<>();
    objects.values().forEach(o -> named.addAll(o.keySet()));
    boolean allThere = inBucket.containsAll(named);
    demo.out()
        .println(
            allThere
                ? "  every object named by a commit event is in the bucket"
                : "  OBJECTS MISSING from the bucket");
    return ok && allThere;
  }

  private boolean awaitAndCheck(
      DemoContext demo, Sink sink, Map<String, List<ConsumerRecord<String, String>>> events) {
    Map<String, Set<Long>> expected = new LinkedHashMap<>();
    for (String table : sink.tables()) {
      expected.put(
          demo.topic(table),
          events.getOrDefault(demo.topic(table), List.of()).stream()
              .filter(r -> r.value() != null)
              .map(ConsumerRecord::offset)
              .collect(Collectors.toCollection(TreeSet::new)));
    }
    long expectedRows = expected.values().stream().mapToLong(Set::size).sum();
    Map<String, JsonNode> landed = objects.get(sink);
    try {
      readers
          .get(sink)
          .readUntil(
              records -> {
                records.forEach(r -> landed.put(r.key(), read(r.value())));
                return landed.values().stream().mapToLong(o -> o.path("recordCount").asLong()).sum()
                    >= expectedRows;
              },
              demo.timeout());
    } catch (AssertionError e) {
      demo.out()
          .printf(
              "  %s: the commit events did not account for %d change events within %d s%n",
              sink.name(), expectedRows, demo.timeout().toSeconds());
    }
    demo.out().printf("Sink %s (one commit event per object):%n", sink.name());
    landed
        .values()
        .forEach(
            o ->
                demo.out()
                    .printf(
                        "  s3://%s/%s  %d rows, %d bytes, offsets %d-%d%n",
                        o.path("bucket").asText(),
                        o.path("key").asText(),
                        o.path("recordCount").asLong(),
                        o.path("bytes").asLong(),
                        o.path("startOffset").asLong(),
                        o.path("endOffset").asLong()));
    boolean ok = true;
    for (Map.Entry<String, Set<Long>> topic : expected.entrySet()) {
      List<JsonNode> files =
          landed.values().stream()
              .filter(o -> o.path("topic").asText().equals(topic.getKey()))
              .toList();
      long rows = files.stream().mapToLong(o -> o.path("recordCount").asLong()).sum();
      // Files of different folders interleave offsets, so ranges overlap: every change event must
      // fall in some file's range, and the row counts must add up to the change events.
      boolean covered =
          topic.getValue().stream()
              .allMatch(
                  offset ->
                      files.stream()
                          .anyMatch(
                              o ->
                                  o.path("startOffset").asLong() <= offset
                                      && offset <= o.path("endOffset").asLong()));
      boolean same = covered && rows == topic.getValue().size();
      ok &= same;
      demo.out()
          .printf(
              "  %-32s %d change events -> %d rows in %d files: %s%n",
              topic.getKey(),
              topic.getValue().size(),
              rows,
              files.size(),
              same ? "counts match" : "MISMATCH");
    }
    return ok;
  }

  @Override
  public List<String> inspect(DemoContext demo) {
    return List.of(
        "objects: "
            + demo.stack().s3().endpoint()
            + " bucket "
            + S3Server.BUCKET
            + " (keys in endpoints.json), prefixes "
            + SINKS.stream().map(s -> s.prefix() + "/").collect(Collectors.joining(", "))
            + "; on disk in "
            + demo.stack().s3().dataDir());
  }

  @Override
  public void close() {
    readers.values().forEach(TopicReader::close);
  }

  private Set<String> listBucket(DemoContext demo) {
    try (S3Client s3 = demo.stack().s3().client()) {
      Set<String> keys = new TreeSet<>();
      for (Sink sink : SINKS) {
        s3.listObjectsV2Paginator(b -> b.bucket(S3Server.BUCKET).prefix(sink.prefix() + "/"))
            .contents()
            .forEach(o -> keys.add(o.key()));
      }
      return keys;
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("commit event is not JSON", e);
    }
  }
}
