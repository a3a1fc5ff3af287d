package io.tidemark.stack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.StackException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What every demo stage works with: the stack, the console, the scenario, how long a stage may take
 * to catch up, and the change events read from Kafka so far (topic -> records).
 */
record DemoContext(
    LocalStack stack,
    PrintStream out,
    DemoScenario scenario,
    Duration timeout,
    Supplier<Map<String, List<ConsumerRecord<String, String>>>> changeEvents) {
  static final String TOPIC_PREFIX = "tidemark";

  /** The Debezium topic of a {@code myschema} table. */
  String topic(String table) {
    return TOPIC_PREFIX + "." + DemoScenario.DATABASE + "." + table;
  }

  /** The trace of the connector or of one of its tasks when it FAILED; empty while it runs. */
  Optional<String> failure(String connector) {
    JsonNode status = stack.connect().rest().status(connector);
    if ("FAILED".equals(status.path("connector").path("state").asText())) {
      return Optional.of(status.path("connector").path("trace").asText());
    }
    for (JsonNode task : status.path("tasks")) {
      if ("FAILED".equals(task.path("state").asText())) {
        return Optional.of(task.path("trace").asText());
      }
    }
    return Optional.empty();
  }

  /** Waits between two polls of a stage. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("demo", "interrupted", e);
    }
  }
}
