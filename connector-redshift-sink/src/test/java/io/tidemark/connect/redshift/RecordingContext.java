package io.tidemark.connect.redshift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A task context that records seeks and the records (and errors) sent to its errant record
 * reporter.
 */
final class RecordingContext implements SinkTaskContext {
  final Map<TopicPartition, Long> seeks = new HashMap<>();
  final List<SinkRecord> reported = new ArrayList<>();
  List<Throwable> errors = new ArrayList<>();

  @Override
  public Map<String, String> configs() {
    return Map.of();
  }

  @Override
  public void offset(Map<TopicPartition, Long> offsets) {
    seeks.putAll(offsets);
  }

  @Override
  public void offset(TopicPartition tp, long offset) {
    seeks.put(tp, offset);
  }

  @Override
  public void timeout(long timeoutMs) {}

  @Override
  public Set<TopicPartition> assignment() {
    return Set.of();
  }

  @Override
  public void pause(TopicPartition... partitions) {}

  @Override
  public void resume(TopicPartition... partitions) {}

  @Override
  public void requestCommit() {}

  @Override
  public ErrantRecordReporter errantRecordReporter() {
    return (record, error) -> {
      reported.add(record);
      errors.add(error);
      Future<Void> done = CompletableFuture.completedFuture(null);
      return done;
    };
  }
}
