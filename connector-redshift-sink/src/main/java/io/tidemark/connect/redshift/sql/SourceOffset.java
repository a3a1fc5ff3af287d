package io.tidemark.connect.redshift.sql;

import java.util.Objects;

/** Where a change came from: the original topic, partition and offset (not the renamed topic). */
public record SourceOffset(String topic, int partition, long offset) {
  public SourceOffset {
    Objects.requireNonNull(topic, "topic");
  }

  public TopicPartitionKey partitionKey() {
    return new TopicPartitionKey(topic, partition);
  }

  /** A topic partition without Kafka's classes, so this package stays Kafka-free. */
  public record TopicPartitionKey(String topic, int partition)
      implements Comparable<TopicPartitionKey> {
    @Override
    public int compareTo(TopicPartitionKey o) {
      int c = topic.compareTo(o.topic);
      return c != 0 ? c : Integer.compare(partition, o.partition);
    }
  }
}
