package io.tidemark.connect.s3.sink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of the last {@code put} that threw, by original coordinates. Connect delivers exactly
 * these again (less the records of partitions revoked since) for as long as {@code put} throws;
 * anything else was fetched after the seeks that put asked for had applied.
 */
final class FailedBatch {

  static final FailedBatch NONE = new FailedBatch(List.of());

  private record Coordinates(String topic, int partition, long offset) {}

  private final List<Coordinates> records;

  private FailedBatch(List<Coordinates> records) {
    this.records = records;
  }

  static FailedBatch of(Collection<IncomingRecord> batch) {
    List<Coordinates> records = new ArrayList<>(batch.size());
    for (IncomingRecord r : batch) {
      records.add(new Coordinates(r.topic(), r.partition(), r.offset()));
    }
    return new FailedBatch(records);
  }

  /** Connect drops the records of revoked partitions from the batch it redelivers. */
  FailedBatch without(Collection<TopicPartition> revoked) {
    List<Coordinates> kept = new ArrayList<>(records);
    kept.removeIf(c -> revoked.contains(new TopicPartition(c.topic(), c.partition())));
    return new FailedBatch(kept);
  }

  /**
   * Whether {@code batch} is this one delivered again. An empty failed batch is never redelivered
   * as such: Connect then fetches, and what it fetches comes from the seeks.
   */
  boolean redeliveredAs(Collection<IncomingRecord> batch) {
    if (records.isEmpty() || batch.size() != records.size()) {
      return false;
    }
    Iterator<Coordinates> expected = records.iterator();
    for (IncomingRecord r : batch) {
      Coordinates c = expected.next();
      if (c.offset() != r.offset()
          || c.partition() != r.partition()
          || !c.topic().equals(r.topic())) {
        return false;
      }
    }
    return true;
  }
}
