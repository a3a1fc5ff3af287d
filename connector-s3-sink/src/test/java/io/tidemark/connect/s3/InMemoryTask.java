package io.tidemark.connect.s3;

import io.tidemark.connect.s3.events.CommitEvent;
import io.tidemark.connect.s3.events.CommitEventSink;
import io.tidemark.connect.s3.metrics.TaskMetrics;
import io.tidemark.connect.s3.store.ObjectStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A real {@link S3SinkTask} started on a given store, its commit events collected and its seeks
 * recorded, as Connect would start it (initialize, then start) for tests that drive the task
 * directly rather than through {@code ConnectWorkerModel}.
 */
final class InMemoryTask {
  final List<CommitEvent> events = new ArrayList<>();
  final Map<TopicPartition, Long> seeks = new HashMap<>();
  private final ObjectStore store;

  InMemoryTask(ObjectStore store) {
    this.store = store;
  }

  /** A started task of {@code props}, assigned {@code assignment} as Connect reports it. */
  S3SinkTask start(Map<String, String> props, Set<TopicPartition> assignment) {
    S3SinkTask task =
        new S3SinkTask(
            new S3SinkTask.Adapters() {
              @Override
              public ObjectStore store(S3SinkConfig config, TaskMetrics metrics) {
                return store;
              }

              @Override
              public CommitEventSink events(S3SinkConfig config, String connectorName) {
                return new CommitEventSink() {
                  @Override
                  public void publish(CommitEvent event) {
                    events.add(event);
                  }

                  @Override
                  public void close() {}
                };
              }

              @Override
              public Clock clock() {
                return Clock.systemUTC();
              }
            });
    task.initialize(new Context(props, assignment, seeks));
    task.start(props);
    return task;
  }

  private record Context(
      Map<String, String> configs, Set<TopicPartition> assignment, Map<TopicPartition, Long> seeks)
      implements SinkTaskContext {
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
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}
  }
}
