package io.tidemark.stack.kit.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A {@link SinkTaskContext} that records what the task asks of Connect: the seeks ({@code
 * context.offset}) not yet applied, the partitions it paused, whether it requested a commit, and,
 * when made {@link #withErrantRecordReporter()}, the records (and errors) it sent to the dead
 * letter queue. {@link ConnectWorkerModel} applies and clears the seeks as Connect's {@code
 * rewind()} does; a test that drives a task directly reads them.
 */
public final class RecordingSinkContext implements SinkTaskContext {
  private final Map<String, String> configs;
  private final Supplier<Set<TopicPartition>> assignment;
  private final Map<TopicPartition, Long> seeks = new HashMap<>();
  private final Set<TopicPartition> paused = new HashSet<>();
  private final List<SinkRecord> reported = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();
  private boolean reporting;
  private boolean commitRequested;

  /** A context with no configs, no assignment and no errant record reporter. */
  public RecordingSinkContext() {
    this(Map.of(), Set::of);
  }

  /** The task's {@code configs} and the consumer's {@code assignment} as it is when asked. */
  public RecordingSinkContext(
      Map<String, String> configs, Supplier<Set<TopicPartition>> assignment) {
    this.configs = configs;
    this.assignment = assignment;
  }

  /** With an errant record reporter (a DLQ configured) that records every report. */
  public RecordingSinkContext withErrantRecordReporter() {
    reporting = true;
    return this;
  }

  /** The seeks the task asked for and nobody applied yet: the live map. */
  public Map<TopicPartition, Long> seeks() {
    return seeks;
  }

  /** The records sent to the errant record reporter, in order. */
  public List<SinkRecord> reported() {
    return reported;
  }

  /** The error of each record in {@link #reported()}. */
  public List<Throwable> errors() {
    return errors;
  }

  /** The partitions the task paused and did not resume. */
  public Set<TopicPartition> paused() {
    return paused;
  }

  /** Whether the task asked for a commit since the last {@link #clearCommitRequest()}. */
  public boolean commitRequested() {
    return commitRequested;
  }

  public void clearCommitRequest() {
    commitRequested = false;
  }

  @Override
  public Map<String, String> configs() {
    return configs;
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
    return assignment.get();
  }

  @Override
  public void pause(TopicPartition... partitions) {
    paused.addAll(List.of(partitions));
  }

  @Override
  public void resume(TopicPartition... partitions) {
    paused.removeAll(List.of(partitions));
  }

  @Override
  public void requestCommit() {
    commitRequested = true;
  }

  @Override
  public ErrantRecordReporter errantRecordReporter() {
    if (!reporting) {
      return null;
    }
    return (record, error) -> {
      reported.add(record);
      errors.add(error);
      return CompletableFuture.completedFuture(null);
    };
  }
}
