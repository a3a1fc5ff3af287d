package io.tidemark.connect.s3.partition;

import java.util.Map;

/** The default: one folder per Kafka partition, {@code partition=<n>}. */
public final class KafkaPartitioner implements Partitioner {

  @Override
  public Partition partition(RecordContext record) {
    String p = Integer.toString(record.kafkaPartition());
    return new Partition("partition=" + p, Map.of("partition", p));
  }
}
