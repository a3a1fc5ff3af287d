package io.tidemark.stack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.stack.StackException;
import io.tidemark.stack.connect.ConnectRestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ./tidemark status}: every connector's state and tasks from the Connect REST API, and each
 * sink's lag from Kafka (its consumer group {@code connect-<name>}: end offsets minus committed
 * offsets of its topics). The stack's URLs come from the {@code endpoints.json} that {@code
 * ./tidemark up} and {@code demo} write, or from {@code --connect-url} and {@code
 * --bootstrap-servers}.
 */
final class StatusCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 15;

  private final PrintStream out;

  StatusCommand(PrintStream out) {
    this.out = out;
  }

  /** Prints the report; 0 when every connector and task runs, 1 otherwise. */
  int run(
      Path workDir,
      Optional<String> connectUrl,
      Optional<String> bootstrapServers,
      Map<String, String> clientSettings) {
    JsonNode endpoints =
        connectUrl.isPresent() && bootstrapServers.isPresent()
            ? JSON.createObjectNode()
            : readEndpoints(workDir);
    String connect = connectUrl.orElseGet(() -> endpoints.path("connect").path("restUrl").asText());
    String kafka =
        bootstrapServers.orElseGet(() -> endpoints.path("kafka").path("bootstrapServers").asText());
    List<StatusReport.Row> rows = rows(connect, kafka, clientSettings);
    out.println("Connectors at " + connect + " (Kafka at " + kafka + "):");
    out.print(StatusReport.render(rows));
    return StatusReport.healthy(rows) ? 0 : 1;
  }

  private static JsonNode readEndpoints(Path workDir) {
    Path file = workDir.resolve("endpoints.json");
    if (!Files.isRegularFile(file)) {
      throw new StackException(
          "status",
          "no running stack found: "
              + file
              + " does not exist; start one with ./tidemark up or"
              + " ./tidemark demo --keep-running, or pass --connect-url and --bootstrap-servers",
          null);
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new StackException("status", "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<StatusReport.Row> rows(
      String connectUrl, String bootstrapServers, Map<String, String> clientSettings) {
    JsonNode connectors;
    try {
      connectors = new ConnectRestClient(connectUrl).connectors();
    } catch (ConnectRestClient.ConnectRestException e) {
      throw new StackException(
          "status",
          "the Connect REST API at "
              + connectUrl
              + " does not answer (is the stack running?): "
              + e.getMessage(),
          e);
    }
    List<String> names = new ArrayList<>();
    connectors.fieldNames().forEachRemaining(names::add);
    names.sort(String::compareTo);
    List<StatusReport.Row> rows = new ArrayList<>();
    Map<String, Object> adminSettings = new HashMap<>(clientSettings);
    adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    adminSettings.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    adminSettings.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    try (Admin admin = Admin.create(adminSettings)) {
      for (String name : names) {
        JsonNode connector = connectors.path(name);
        JsonNode status = connector.path("status");
        String type = status.path("type").asText(connector.path("info").path("type").asText("?"));
        List<String> tasks = new ArrayList<>();
        status.path("tasks").forEach(t -> tasks.add(t.path("state").asText()));
        Optional<StatusReport.Lag> lag =
            type.equals("sink")
                ? Optional.of(lag(admin, name, config(connector.path("info").path("config"))))
                : Optional.empty();
        rows.add(
            new StatusReport.Row(
                name, type, status.path("connector").path("state").asText("?"), tasks, lag));
      }
    }
    return rows;
  }

  private static Map<String, String> config(JsonNode node) {
    Map<String, String> config = new HashMap<>();
    node.fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    return config;
  }

  /**
   * The lag of the sink's consumer group over its topics ({@code topics} or {@code topics.regex}).
   */
  private static StatusReport.Lag lag(Admin admin, String connector, Map<String, String> config) {
    try {
      List<String> topics = SinkTopics.of(config, get(admin.listTopics().names(), "list topics"));
      String groupId = SinkTopics.group(connector, config);
      Map<String, TopicDescription> described =
          get(admin.describeTopics(topics).allTopicNames(), "describe " + topics);
      List<TopicPartition> partitions = new ArrayList<>();
      described
          .values()
          .forEach(
              d ->
                  d.partitions()
                      .forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
      Map<TopicPartition, Long> start = offsets(admin, partitions, OffsetSpec.earliest());
      Map<TopicPartition, Long> end = offsets(admin, partitions, OffsetSpec.latest());
      Map<TopicPartition, OffsetAndMetadata> group =
          get(
              admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
              "offsets of " + groupId);
      Map<TopicPartition, Long> committed = new HashMap<>();
      group.forEach(
          (p, o) -> {
            if (o != null) {
              committed.put(p, o.offset());
            }
          });
      return StatusReport.Lag.of(start, end, committed);
    } catch (StackException e) {
      throw new StackException("status", "lag of " + connector + ": " + e.getMessage(), e);
    }
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request =
        partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    get(admin.listOffsets(request).all(), "list offsets")
        .forEach((p, info) -> offsets.put(p, info.offset()));
    return offsets;
  }

  private static <T> T get(KafkaFuture<T> future, String what) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new StackException(
          "kafka", what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new StackException(
          "kafka", what + ": no answer within " + TIMEOUT_SECONDS + " s (is Kafka running?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("kafka", "interrupted", e);
    }
  }
}
