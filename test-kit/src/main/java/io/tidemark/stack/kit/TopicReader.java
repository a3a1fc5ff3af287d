package io.tidemark.stack.kit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its start, as strings, for tests and the demo. */
public final class TopicReader implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final List<ConsumerRecord<String, String>> records = new ArrayList<>();
  private boolean assigned;

  public TopicReader(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "tidemark-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    this.topic = topic;
  }

  /** Polls once (waiting up to {@code timeout}) and returns what arrived in this poll. */
  public List<ConsumerRecord<String, String>> poll(Duration timeout) {
    if (!assigned && !assign()) {
      sleep(Math.min(timeout.toMillis(), 200));
      return List.of();
    }
    List<ConsumerRecord<String, String>> batch = new ArrayList<>();
    consumer.poll(timeout).forEach(batch::add);
    records.addAll(batch);
    return batch;
  }

  /**
   * Polls until everything read so far satisfies {@code done}, handing each new record to {@code
   * onRecord}. Fails with what was read when the timeout passes first.
   */
  public List<ConsumerRecord<String, String>> readUntil(
      Predicate<List<ConsumerRecord<String, String>>> done,
      Duration timeout,
      Consumer<ConsumerRecord<String, String>> onRecord) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(records)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "topic "
                + topic
                + ": condition not met after "
                + timeout.toSeconds()
                + " s; read "
                + records.size()
                + " records: "
                + records);
      }
      poll(Duration.ofMillis(250)).forEach(onRecord);
    }
    return List.copyOf(records);
  }

  public List<ConsumerRecord<String, String>> readUntil(
      Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
    return readUntil(done, timeout, r -> {});
  }

  /** Everything read so far. */
  public List<ConsumerRecord<String, String>> records() {
    return List.copyOf(records);
  }

  private boolean assign() {
    Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(5));
    List<PartitionInfo> partitions = topics.get(topic);
    if (partitions == null || partitions.isEmpty()) {
      return false;
    }
    List<TopicPartition> assignment =
        partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(assignment);
    consumer.seekToBeginning(assignment);
    assigned = true;
    return true;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
