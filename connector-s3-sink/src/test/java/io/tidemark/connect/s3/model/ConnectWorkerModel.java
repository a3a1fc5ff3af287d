package io.tidemark.connect.s3.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
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
 *   <li>{@code poll()}: {@code rewind()} first (the seeks the task asked for with {@code
 *       context.offset} are applied, then cleared), then the consumer is polled, and nothing comes
 *       back while all partitions are paused for redelivery; the records go into {@code
 *       messageBatch} and {@code deliverMessages()} calls {@code put} with a copy of it.
 *   <li>{@code deliverMessages()}: when {@code put} returns, the batch is cleared and partitions
 *       paused for redelivery are resumed; when it throws {@code RetriableException}, every
 *       partition is paused and the SAME batch is delivered again on the next loop, for as long as
 *       {@code put} throws. Any other exception kills the task.
 *   <li>{@code commitOffsets()}: at any iteration (and before {@code close} on a rebalance), {@code
 *       preCommit} gets the current offsets and whatever it returns for assigned partitions is
 *       committed to the group.
 *   <li>Rebalance: {@code onPartitionsRevoked} commits, calls {@code close} and drops the revoked
 *       partitions' records from {@code messageBatch}; {@code onPartitionsAssigned} positions each
 *       new partition at the group's committed offset (earliest when none), calls {@code open} and
 *       then {@code rewind()}.
 *   <li>A worker killed with SIGKILL calls nothing: the next task starts from the group's offsets.
 * </ul>
 *
 * The topic is a log per partition whose offsets may have gaps (compaction, transaction markers);
 * its records may come out of a topic-renaming SMT (Connect then drops a revoked partition's
 * records from its batch by the renamed topic, as {@code onPartitionsRemoved} does).
 */
public final class ConnectWorkerModel {

  /** The log of every partition: offset to record. */
  private final Map<TopicPartition, LinkedHashMap<Long, SinkRecord>> log;

  private final Map<TopicPartition, Long> groupOffsets;
  private boolean commitsRejected;
  private final Supplier<SinkTask> newTask;
  private final Map<String, String> taskProps;
  private final Random random;
  private final int maxPollRecords;
  private final Stats stats;

  private SinkTask task;
  private Context context;
  private final Set<TopicPartition> assignment = new HashSet<>();
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private final List<SinkRecord> messageBatch = new ArrayList<>();
  private boolean pausedForRedelivery;
  // The transformation chain's topic router (a RegexRouter, a content-based router); a connector
  // config change replaces it, which Connect applies by restarting the tasks.
  private java.util.function.Function<SinkRecord, String> router = SinkRecord::topic;

  /** What happened in one history, for the coverage checks. */
  public static final class Stats {
    public int puts;
    public int failedPuts;
    public int longestFailedRun;
    public int preCommitsWhilePaused;
    public int rebalancesWhilePaused;
    public int crashes;
    public int killsInsideStoreCalls;
    public int takeovers;
    public int rejectedConditionalWrites;
    public int routerChanges;
    private int failedRun;
  }

  public ConnectWorkerModel(
      Map<TopicPartition, LinkedHashMap<Long, SinkRecord>> log,
      Supplier<SinkTask> newTask,
      Map<String, String> taskProps,
      Random random,
      int maxPollRecords,
      Stats stats) {
    this(log, newTask, taskProps, random, maxPollRecords, stats, new HashMap<>());
  }

  /** A worker of the same group as others: {@code groupOffsets} is the group's, shared. */
  public ConnectWorkerModel(
      Map<TopicPartition, LinkedHashMap<Long, SinkRecord>> log,
      Supplier<SinkTask> newTask,
      Map<String, String> taskProps,
      Random random,
      int maxPollRecords,
      Stats stats,
      Map<TopicPartition, Long> groupOffsets) {
    this.groupOffsets = groupOffsets;
    this.log = log;
    this.newTask = newTask;
    this.taskProps = taskProps;
    this.random = random;
    this.maxPollRecords = maxPollRecords;
    this.stats = stats;
  }

  /** Starts a task and assigns it {@code partitions}. */
  public void startTask(Collection<TopicPartition> partitions) {
    task = newTask.get();
    context = new Context();
    task.initialize(context);
    task.start(taskProps);
    assign(partitions);
  }

  /** One loop of {@code WorkerSinkTask.iteration()}: maybe commit, then poll and deliver. */
  public void iteration(boolean commit) {
    if (commit) {
      commitOffsets();
    }
    rewind();
    if (!pausedForRedelivery) {
      fetchInto(messageBatch);
    }
    deliver();
  }

  private static final boolean TRACE = Boolean.getBoolean("s3.model.trace");

  private static void trace(String what) {
    if (TRACE) {
      System.out.println("WORKER " + what);
    }
  }

  private void deliver() {
    stats.puts++;
    if (TRACE) {
      StringBuilder b = new StringBuilder("put");
      for (SinkRecord r : messageBatch) {
        b.append(' ').append(r.kafkaPartition()).append(':').append(r.kafkaOffset());
      }
      trace(b.toString());
    }
    try {
      task.put(new ArrayList<>(messageBatch));
      messageBatch.clear();
      pausedForRedelivery = false;
      stats.failedRun = 0;
    } catch (RetriableException e) {
      trace("put threw " + e.getMessage());
      pausedForRedelivery = true;
      stats.failedPuts++;
      stats.failedRun++;
      stats.longestFailedRun = Math.max(stats.longestFailedRun, stats.failedRun);
    }
  }

  /** Up to {@code maxPollRecords} records, partition by partition, from each position on. */
  private void fetchInto(List<SinkRecord> batch) {
    int budget = random.nextInt(maxPollRecords + 1);
    List<TopicPartition> order = new ArrayList<>(assignment);
    order.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
    java.util.Collections.rotate(order, random.nextInt(Math.max(1, order.size())));
    for (TopicPartition tp : order) {
      int take = budget == 0 ? 0 : random.nextInt(budget + 1);
      long position = positions.get(tp);
      for (Map.Entry<Long, SinkRecord> e : log.get(tp).entrySet()) {
        if (take == 0) {
          break;
        }
        if (e.getKey() >= position) {
          batch.add(converted(e.getValue()));
          positions.put(tp, e.getKey() + 1);
          take--;
          budget--;
        }
      }
    }
  }

  /**
   * {@code convertMessages}: every fetch makes new records (converter, then the transformation
   * chain), even of offsets fetched before; only a redelivery passes the same objects again.
   */
  private SinkRecord converted(SinkRecord logged) {
    return logged.newRecord(
        router.apply(logged),
        logged.kafkaPartition(),
        logged.keySchema(),
        logged.key(),
        logged.valueSchema(),
        logged.value(),
        logged.timestamp());
  }

  private void rewind() {
    for (Map.Entry<TopicPartition, Long> seek : context.offsets.entrySet()) {
      if (assignment.contains(seek.getKey())) {
        positions.put(seek.getKey(), seek.getValue());
        trace("seek " + seek);
      }
    }
    context.offsets.clear();
  }

  /** {@code commitOffsets()}: what {@code preCommit} returns for assigned partitions. */
  public void commitOffsets() {
    if (pausedForRedelivery) {
      stats.preCommitsWhilePaused++;
    }
    Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    for (TopicPartition tp : assignment) {
      current.put(tp, new OffsetAndMetadata(positions.get(tp)));
    }
    Map<TopicPartition, OffsetAndMetadata> toCommit = task.preCommit(current);
    trace("preCommit " + toCommit);
    if (commitsRejected) {
      return; // Kafka refuses commits of a member the group has moved on from
    }
    toCommit.forEach(
        (tp, offset) -> {
          if (assignment.contains(tp)) {
            groupOffsets.put(tp, offset.offset());
          }
        });
  }

  /** A rebalance that revokes {@code revoked} and then assigns {@code assigned}. */
  public void rebalance(Collection<TopicPartition> revoked, Collection<TopicPartition> assigned) {
    trace("rebalance revoke " + revoked + " assign " + assigned);
    if (pausedForRedelivery) {
      stats.rebalancesWhilePaused++;
    }
    if (!revoked.isEmpty()) {
      commitOffsets();
      task.close(new ArrayList<>(revoked));
      messageBatch.removeIf(
          r -> revoked.contains(new TopicPartition(r.topic(), r.kafkaPartition())));
      assignment.removeAll(revoked);
      revoked.forEach(positions::remove);
    }
    if (messageBatch.isEmpty()) {
      pausedForRedelivery = false;
    }
    assign(assigned);
  }

  private void assign(Collection<TopicPartition> partitions) {
    List<TopicPartition> added = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (assignment.add(tp)) {
        positions.put(tp, groupOffsets.getOrDefault(tp, 0L));
        added.add(tp);
      }
    }
    if (!added.isEmpty()) {
      task.open(added);
      rewind();
    }
  }

  /**
   * The group moved this worker's partitions to another member while it still runs (paused past its
   * session, or stuck in {@code put}): it goes on with what it has, and its commits fail.
   */
  public void becomeZombie() {
    trace("zombie");
    commitsRejected = true;
  }

  /**
   * The zombie's consumer learns it lost its partitions ({@code onPartitionsLost}: {@code close}
   * without a commit) and the task stops.
   */
  public void losePartitions() {
    trace("partitions lost");
    task.close(assignment());
    task.stop();
    task = null;
    assignment.clear();
    positions.clear();
    messageBatch.clear();
    pausedForRedelivery = false;
  }

  /** SIGKILL: nothing is called, the batch and positions are gone. */
  /**
   * A connector config change of the topic router; takes effect with the next task (Connect
   * restarts the tasks on a config change).
   */
  public void route(java.util.function.Function<SinkRecord, String> router) {
    this.router = router;
    stats.routerChanges++;
  }

  public void crash() {
    stats.crashes++;
    trace("SIGKILL");
    task = null;
    assignment.clear();
    positions.clear();
    messageBatch.clear();
    pausedForRedelivery = false;
  }

  /** A graceful stop: revoke everything, then {@code stop()}. */
  public void stop() {
    rebalance(assignment(), List.of());
    task.stop();
    task = null;
    // The next task runs in a new WorkerSinkTask: nothing of this one's batch survives.
    messageBatch.clear();
    pausedForRedelivery = false;
  }

  /**
   * The assigned partitions in partition order (a set's order would make histories unreplayable).
   */
  public List<TopicPartition> assignment() {
    List<TopicPartition> sorted = new ArrayList<>(assignment);
    sorted.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
    return sorted;
  }

  public boolean caughtUp() {
    if (!messageBatch.isEmpty() || !context.offsets.isEmpty()) {
      return false;
    }
    for (TopicPartition tp : assignment) {
      long end = log.get(tp).isEmpty() ? 0 : lastOffset(tp) + 1;
      if (positions.get(tp) < end) {
        return false;
      }
    }
    return true;
  }

  public long lastOffset(TopicPartition tp) {
    long last = -1;
    for (long o : log.get(tp).keySet()) {
      last = o;
    }
    return last;
  }

  public Map<TopicPartition, Long> groupOffsets() {
    return Map.copyOf(groupOffsets);
  }

  /** The task's context: seeks, and no errant record reporter needed here. */
  private final class Context implements SinkTaskContext {
    private final Map<TopicPartition, Long> offsets = new HashMap<>();
    private final Set<TopicPartition> paused = new HashSet<>();

    @Override
    public Map<String, String> configs() {
      return taskProps;
    }

    @Override
    public void offset(Map<TopicPartition, Long> seeks) {
      offsets.putAll(seeks);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
      offsets.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {}

    @Override
    public Set<TopicPartition> assignment() {
      return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(assignment()));
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
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
      return null;
    }
  }
}
