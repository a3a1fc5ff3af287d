package io.tidemark.connect.redshift;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * What a Kafka Connect worker does to one sink task, written from {@code WorkerSinkTask} (Kafka
 * 3.7/4.x, connect/runtime), not from the task under test:
 *
 * <ul>
 *   <li>{@code poll()}: {@code rewind()} first: the seeks the task asked for with {@code
 *       context.offset} are applied to the consumer (a seek of a partition the consumer is not
 *       assigned throws there, {@code IllegalStateException}), then cleared; then the consumer is
 *       polled, and nothing comes back while the partitions are paused for redelivery.
 *   <li>{@code deliverMessages()}: when {@code put} returns, the batch is cleared and the
 *       partitions resumed; when it throws {@code RetriableException}, everything is paused and the
 *       SAME batch is delivered again on the next loop, for as long as {@code put} throws. Any
 *       other exception kills the task.
 *   <li>{@code commitOffsets()}: at any iteration (and before {@code close} on a rebalance), {@code
 *       preCommit} gets the current offsets and what it returns for assigned partitions is
 *       committed to the group.
 *   <li>Rebalance: {@code onPartitionsRevoked} commits, calls {@code close} and drops the batch;
 *       {@code onPartitionsAssigned} positions each new partition at the group's committed offset
 *       (the log start when none) and calls {@code open}.
 *   <li>A killed worker calls nothing; a paused (SIGSTOPped) one resumes where it was, still
 *       believing it owns its partitions until its next poll sees the rebalance.
 * </ul>
 */
final class ConnectWorkerModel {

  /** The topic: each partition's records by offset, from 0. */
  private final Map<TopicPartition, List<SinkRecord>> log;

  private final Map<TopicPartition, Long> groupOffsets;
  private final BiConsumer<TopicPartition, Long> commitCheck;
  private final int maxPollRecords;
  final SinkTask task;
  private final Context context = new Context();
  final Set<TopicPartition> assignment = new HashSet<>();
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private final List<SinkRecord> messageBatch = new ArrayList<>();
  private boolean pausedForRedelivery;

  /** Puts that threw RetriableException, and how many of them in a row at most. */
  int failedPuts;

  int puts;
  int longestFailedRun;
  int preCommitsWhilePaused;
  private int failedRun;

  /**
   * {@code commitCheck} sees every offset the group commits from {@code preCommit}, before it is
   * committed.
   */
  ConnectWorkerModel(
      Map<TopicPartition, List<SinkRecord>> log,
      Map<TopicPartition, Long> groupOffsets,
      SinkTask task,
      Map<String, String> props,
      int maxPollRecords,
      BiConsumer<TopicPartition, Long> commitCheck) {
    this.log = log;
    this.groupOffsets = groupOffsets;
    this.task = task;
    this.maxPollRecords = maxPollRecords;
    this.commitCheck = commitCheck;
    task.initialize(context);
    task.start(props);
  }

  /** {@code onPartitionsAssigned}: position at the group's offsets, then {@code open}. */
  void assign(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      assignment.add(tp);
      positions.put(tp, groupOffsets.getOrDefault(tp, 0L));
    }
    task.open(partitions);
  }

  /** {@code onPartitionsRevoked}: commit, close, drop the batch. */
  void revokeAll() {
    commit();
    List<TopicPartition> revoked = new ArrayList<>(assignment);
    task.close(revoked);
    assignment.clear();
    positions.clear();
    messageBatch.clear();
    pausedForRedelivery = false;
    context.seeks.clear();
  }

  /** One loop of {@code WorkerSinkTask.iteration()}: rewind, poll, deliver. */
  void iteration() {
    rewind();
    if (!pausedForRedelivery) {
      int room = maxPollRecords;
      for (TopicPartition tp : assignment.stream().sorted(ConnectWorkerModel::order).toList()) {
        List<SinkRecord> records = log.get(tp);
        long position = positions.get(tp);
        while (room > 0 && position < records.size()) {
          messageBatch.add(records.get((int) position++));
          room--;
        }
        positions.put(tp, position);
      }
    }
    if (messageBatch.isEmpty()) {
      return;
    }
    try {
      task.put(new ArrayList<>(messageBatch));
      puts++;
      messageBatch.clear();
      pausedForRedelivery = false;
      failedRun = 0;
    } catch (RetriableException e) {
      failedPuts++;
      failedRun++;
      longestFailedRun = Math.max(longestFailedRun, failedRun);
      pausedForRedelivery = true;
    }
  }

  private static int order(TopicPartition a, TopicPartition b) {
    int c = a.topic().compareTo(b.topic());
    return c != 0 ? c : Integer.compare(a.partition(), b.partition());
  }

  private void rewind() {
    for (Map.Entry<TopicPartition, Long> seek : context.seeks.entrySet()) {
      if (!assignment.contains(seek.getKey())) {
        throw new IllegalStateException("No current assignment for partition " + seek.getKey());
      }
      positions.put(seek.getKey(), seek.getValue());
    }
    context.seeks.clear();
  }

  /** {@code commitOffsets()}: what {@code preCommit} returns for assigned partitions. */
  void commit() {
    if (pausedForRedelivery) {
      preCommitsWhilePaused++;
    }
    Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    positions.forEach((tp, p) -> current.put(tp, new OffsetAndMetadata(p)));
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : task.preCommit(current).entrySet()) {
      if (assignment.contains(e.getKey())) {
        commitCheck.accept(e.getKey(), e.getValue().offset());
        groupOffsets.put(e.getKey(), e.getValue().offset());
      }
    }
  }

  /** Nothing left to deliver: every assigned partition read to its end, no batch pending. */
  boolean caughtUp() {
    return messageBatch.isEmpty()
        && context.seeks.isEmpty()
        && assignment.stream().allMatch(tp -> positions.get(tp) == log.get(tp).size());
  }

  private final class Context implements SinkTaskContext {
    final Map<TopicPartition, Long> seeks = new HashMap<>();

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
      return Set.copyOf(assignment);
    }

    @Override
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
      return null;
    }
  }
}
