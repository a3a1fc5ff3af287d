package io.tidemark.connect.s3;

import io.tidemark.connect.s3.events.CommitEvent;
import io.tidemark.connect.s3.events.CommitEventSink;
import io.tidemark.connect.s3.metrics.TaskMetrics;
import io.tidemark.connect.s3.store.ObjectStore;
import io.tidemark.stack.kit.connect.RecordingSinkContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * A real {@link S3SinkTask} started on a given store, its commit events collected and its seeks
 * recorded, as Connect would start it (initialize, then start) for tests that drive the task
 * directly rather than through test-kit's {@code ConnectWorkerModel}.
 */
final class InMemoryTask {
  final List<CommitEvent> events = new ArrayList<>();
  private final ObjectStore store;

  private RecordingSinkContext context;

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
    context = new RecordingSinkContext(props, () -> assignment);
    task.initialize(context);
    task.start(props);
    return task;
  }

  /** The seeks the last started task asked for (Connect would apply them before the next poll). */
  Map<TopicPartition, Long> seeks() {
    return context.seeks();
  }
}
