package io.tidemark.stack.cli;

import io.tidemark.stack.LocalStack;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What every demo stage works with: the stack, the console, the scenario, how long a stage may
 * take to catch up, and the change events read from Kafka so far (topic -> records).
 */
record DemoContext(LocalStack stack, PrintStream out, DemoScenario scenario, Duration timeout,
    Supplier<Map<String, List<ConsumerRecord<String, String>>>> changeEvents) {
  static final String TOPIC_PREFIX = "tidemark";

  /** The Debezium topic of a {@code myschema} table. */
  String topic(String table) {
    return TOPIC_PREFIX + "." + DemoScenario.DATABASE + "." + table;
  }
}
