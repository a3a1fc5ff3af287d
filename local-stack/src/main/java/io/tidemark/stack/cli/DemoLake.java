package io.tidemark.stack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.kit.TopicReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
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
 * The demo's lake stage: one S3 sink per table (CdcUnwrap + NormalizeTypes, Parquet, Hive
 * folders), and the check that every change event landed in exactly one object.
 */
final class DemoLake {
  static final String COMMITS_TOPIC = "tidemark.s3.commits";
  private static final String PREFIX = "raw";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalStack stack;
  private final PrintStream out;

  DemoLake(LocalStack stack, PrintStream out) {
    this.stack = stack;
    this.out = out;
  }

  /** Deploys the sinks: transactions by the day of the transaction, users by Kafka partition. */
  void deploySinks(String transactionsTopic, String usersTopic, Duration timeout) {
    ConnectorConfig template = ConnectorConfig.load("local/s3-sink.json");
    Map<String, String> common = Map.of("ROTATE_SCHEDULE_MS", "5000", "S3_PREFIX", PREFIX, "COMMIT_EVENTS_TOPIC", COMMITS_TOPIC);
    Map<String, String> transactions = new HashMap<>(common);
    transactions.putAll(Map.of("CONNECTOR_NAME", "s3-transactions", "TOPICS", transactionsTopic, "PARTITIONER", "TIME",
        "TIME_SOURCE", "FIELD", "TIME_FIELD", "dt", "TIME_PATH_FORMAT", "dt=YYYY-MM-dd"));
    Map<String, String> users = new HashMap<>(common);
    users.putAll(Map.of("CONNECTOR_NAME", "s3-users", "TOPICS", usersTopic));
    stack.deploy(template, transactions, timeout);
    stack.deploy(template, users, timeout);
  }

  /**
   * Waits until the commit events account for every change event (tombstones are dropped by
   * CdcUnwrap), prints the objects, and checks them against the bucket and the offsets. (The
   * row-level exactly-once proof is the S3 sink's own IT; here the counts must add up.)
   */
  boolean awaitAndCheck(Map<String, List<ConsumerRecord<String, String>>> eventsByTopic, Duration timeout) {
    Map<String, Set<Long>> expected = new LinkedHashMap<>();
    eventsByTopic.forEach((topic, records) -> expected.put(topic,
        records.stream().filter(r -> r.value() != null).map(ConsumerRecord::offset).collect(Collectors.toCollection(TreeSet::new))));
    long expectedRows = expected.values().stream().mapToLong(Set::size).sum();
    Map<String, JsonNode> objects = new TreeMap<>();
    try (TopicReader commits = new TopicReader(stack.kafka().bootstrapServers(), COMMITS_TOPIC)) {
      commits.readUntil(records -> {
        records.forEach(r -> objects.put(r.key(), read(r.value())));
        return objects.values().stream().mapToLong(o -> o.path("recordCount").asLong()).sum() >= expectedRows;
      }, timeout);
    }
    out.println("What landed in S3 (one commit event per object):");
    objects.values().forEach(o -> out.printf("  s3://%s/%s  %d rows, %d bytes, offsets %d-%d%n", o.path("bucket").asText(),
        o.path("key").asText(), o.path("recordCount").asLong(), o.path("bytes").asLong(),
        o.path("startOffset").asLong(), o.path("endOffset").asLong()));

    boolean ok = true;
    for (Map.Entry<String, Set<Long>> topic : expected.entrySet()) {
      List<JsonNode> files = objects.values().stream().filter(o -> o.path("topic").asText().equals(topic.getKey())).toList();
      long rows = files.stream().mapToLong(o -> o.path("recordCount").asLong()).sum();
      // Files of different folders interleave offsets, so ranges overlap: every change event must
      // fall in some file's range, and the row counts must add up to the change events.
      boolean covered = topic.getValue().stream().allMatch(offset -> files.stream().anyMatch(
          o -> o.path("startOffset").asLong() <= offset && offset <= o.path("endOffset").asLong()));
      boolean same = covered && rows == topic.getValue().size();
      ok &= same;
      out.printf("  %-32s %d change events -> %d rows in %d files: %s%n", topic.getKey(), topic.getValue().size(), rows,
          files.size(), same ? "counts match" : "MISMATCH");
    }
    Set<String> inBucket = listBucket();
    boolean allThere = inBucket.containsAll(objects.keySet());
    ok &= allThere;
    out.println(allThere ? "  every object named by a commit event is in the bucket" : "  OBJECTS MISSING from the bucket");
    return ok;
  }

  private Set<String> listBucket() {
    try (S3Client s3 = stack.s3().client()) {
      return s3.listObjectsV2Paginator(b -> b.bucket(S3Server.BUCKET).prefix(PREFIX + "/")).contents().stream()
          .map(o -> o.key()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("commit event is not JSON", e);
    }
  }
}
