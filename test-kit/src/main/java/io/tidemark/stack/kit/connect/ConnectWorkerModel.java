package io.tidemark.stack.kit.connect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * What a Kafka Connect worker does to a sink task, written from {@code WorkerSinkTask} (Kafka
 * 3.7/4.x, connect/runtime), not from the task under test. Model-based tests drive the real task
 * through it: the test decides what Connect and the group do, the task decides nothing about the
 * test.
 *
 * <ul>
 *   <li>{@code poll()}: {@code rewind()} first: the seeks the task asked for with {@code
 *       context.offset} are applied to the consumer (and become the partitions' current offsets),
 *       then cleared; a seek of a partition the consumer is not assigned throws there ({@code
 *       IllegalStateException}) and kills the task. Then the consumer is polled (nothing comes back
 *       while the partitions are paused for redelivery, or from a partition the task paused), the
 *       records are converted and run through the transformation chain (new objects at every fetch,
 *       even of offsets fetched before), and {@code deliverMessages()} calls {@code put} with a
 *       copy of the batch, an empty one included.
 *   <li>{@code deliverMessages()}: when {@code put} returns, the batch's offsets become the current
 *       offsets, the batch is cleared and the partitions resumed; when it throws {@code
 *       RetriableException}, everything is paused and the SAME batch (the same objects) is
 *       delivered again on the next loop, for as long as {@code put} throws. Any other exception
 *       kills the task.
 *   <li>{@code commitOffsets()}: at any iteration (and before {@code close} on a rebalance), {@code
 *       preCommit} gets the current offsets (what was delivered, not what was fetched); of what it
 *       returns, Connect commits an offset only for a partition in the request and at or below its
 *       current offset (others are ignored and counted in {@link Stats#ignoredPreCommitOffsets}). A
 *       {@code preCommit} that throws makes Connect rewind to the last committed offsets (or, while
 *       closing, is ignored: {@code close} is still called).
 *   <li>Rebalance (inside the consumer's poll, after {@code rewind()}): {@code onPartitionsRevoked}
 *       runs {@code commitOffsets} for the revoked partitions, {@code close}s them and drops their
 *       records from the batch (by the records' topic, the renamed one after a routing SMT); {@code
 *       onPartitionsAssigned} positions each new partition at the group's committed offset (the log
 *       start when none), stays paused for redelivery only if records are left in the batch, calls
 *       {@code open} and then {@code rewind()}.
 *   <li>A task that dies (an exception from {@code put} other than {@code RetriableException}, from
 *       {@code open}, a bad seek) gets what {@code execute()}'s {@code closeAllPartitions} and
 *       {@code WorkerTask.close} give it: {@code commitOffsets} with {@code close} for every
 *       partition, then {@code stop}; the exception comes out of the model's call.
 *   <li>A worker killed with SIGKILL calls nothing: the next task starts from the group's offsets.
 *       A worker paused past its session (SIGSTOP, a long GC) is a zombie: the group gave its
 *       partitions to another member, it goes on with what it has and its commits are rejected,
 *       until its consumer learns that it lost them ({@code onPartitionsLost}: {@code close}
 *       without a commit).
 * </ul>
 *
 * <p>Several models may share one group ({@code groupOffsets}) and one log; each runs one task at a
 * time ({@link #startTask}), a new instance from {@code newTask} each time, as a new {@code
 * WorkerSinkTask} would. The topic is a log per partition whose offsets may have gaps (compaction,
 * transaction markers). A model is used by one thread at a time; two models may run on two threads
 * when the log and the group's map are concurrent maps.
 *
 * <p>{@code -Dtidemark.model.trace=true} prints every call the model makes.
 *
 * @param <T> the task under test
 */
public final class ConnectWorkerModel<T extends SinkTask> {

  private static final boolean TRACE = Boolean.getBoolean("tidemark.model.trace");

  private static final Comparator<TopicPartition> ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  /** The log of every partition: offset to record, in offset order. */
  private final Map<TopicPartition, ? extends NavigableMap<Long, SinkRecord>> log;

  private final Map<TopicPartition, Long> groupOffsets;
  private final Supplier<? extends T> newTask;
  private final Map<String, String> taskProps;
  private final Poll poll;
  private final Stats stats;
  private BiConsumer<TopicPartition, Long> preCommitCheck = (tp, offset) -> {};
  // The transformation chain's topic router (a RegexRouter, a content-based router); a connector
  // config change replaces it, which Connect applies by restarting the tasks.
  private Function<SinkRecord, String> router = SinkRecord::topic;

  private T task;
  private RecordingSinkContext context;
  private boolean commitsRejected;
  private final Set<TopicPartition> assignment = new LinkedHashSet<>();

  /** The consumer's fetch positions. */
  private final Map<TopicPartition, Long> positions = new HashMap<>();

  /** {@code currentOffsets}: after the last delivered record (or a seek), per partition. */
  private final Map<TopicPartition, Long> currentOffsets = new HashMap<>();

  /** {@code lastCommittedOffsets}: where a failed {@code preCommit} rewinds to. */
  private final Map<TopicPartition, Long> lastCommitted = new HashMap<>();

  /** What the task's last {@code preCommit} returned for each partition asked about. */
  private final Map<TopicPartition, Long> lastPreCommit = new HashMap<>();

  private final List<SinkRecord> messageBatch = new ArrayList<>();
  private final Map<TopicPartition, Long> batchOffsets = new HashMap<>();
  private boolean pausedForRedelivery;
  private int failedRun;

  /**
   * A worker of a group: {@code groupOffsets} is the group's committed offsets, shared with the
   * group's other workers; {@code log} is the topic, which the test may append to as it runs.
   */
  public ConnectWorkerModel(
      Map<TopicPartition, ? extends NavigableMap<Long, SinkRecord>> log,
      Map<TopicPartition, Long> groupOffsets,
      Supplier<? extends T> newTask,
      Map<String, String> taskProps,
      Poll poll,
      Stats stats) {
    this.log = log;
    this.groupOffsets = groupOffsets;
    this.newTask = newTask;
    this.taskProps = taskProps;
    this.poll = poll;
    this.stats = stats;
  }

  /** A partition's records by offset (they must carry their offsets), for a log. */
  public static NavigableMap<Long, SinkRecord> byOffset(Collection<SinkRecord> records) {
    NavigableMap<Long, SinkRecord> out = new TreeMap<>();
    records.forEach(r -> out.put(r.kafkaOffset(), r));
    return out;
  }

  /**
   * {@code check} sees every offset the task's {@code preCommit} returns for a partition of the
   * commit request, before Connect decides whether to commit it.
   */
  public ConnectWorkerModel<T> checkPreCommit(BiConsumer<TopicPartition, Long> check) {
    this.preCommitCheck = check;
    return this;
  }

  /** The running task, or null when none runs. */
  public T task() {
    return task;
  }

  /** How many records each poll returns, and from which partitions first. */
  public abstract static class Poll {
    private Poll() {}

    /** How many records this poll may return at most. */
    abstract int budget();

    /** The partitions in the order this poll reads them (given in topic, partition order). */
    abstract void order(List<TopicPartition> partitions);

    /** How many records of the next partition, with {@code left} of the budget left. */
    abstract int take(int left);

    /** Every poll returns as many records as there are, up to {@code maxPollRecords}. */
    public static Poll upTo(int maxPollRecords) {
      return new Poll() {
        @Override
        int budget() {
          return maxPollRecords;
        }

        @Override
        void order(List<TopicPartition> partitions) {}

        @Override
        int take(int left) {
          return left;
        }
      };
    }

    /**
     * Each poll returns any number of records from 0 to {@code maxPollRecords}, from a random first
     * partition on, any share of them from each partition (what fetch timing does).
     */
    public static Poll random(Random random, int maxPollRecords) {
      return new Poll() {
        @Override
        int budget() {
          return random.nextInt(maxPollRecords + 1);
        }

        @Override
        void order(List<TopicPartition> partitions) {
          Collections.rotate(partitions, random.nextInt(Math.max(1, partitions.size())));
        }

        @Override
        int take(int left) {
          return left == 0 ? 0 : random.nextInt(left + 1);
        }
      };
    }
  }

  /** What happened, for the tests' coverage checks. */
  public static final class Stats {
    /** Calls of {@code put}, and those that threw {@code RetriableException}. */
    public int puts;

    public int failedPuts;

    /** The most {@code put}s in a row that threw. */
    public int longestFailedRun;

    public int preCommitsWhilePaused;
    public int rebalancesWhilePaused;

    /** Offsets {@code preCommit} returned that Connect ignored (not yet consumed). */
    public int ignoredPreCommitOffsets;

    /** {@code preCommit} calls that threw. */
    public int failedPreCommits;

    /** Tasks that died of an exception. */
    public int failedTasks;

    public int crashes;
    public int zombies;
    public int routerChanges;

    /** Adds {@code other}'s counts (the longest failed run is the longer one). */
    public void add(Stats other) {
      puts += other.puts;
      failedPuts += other.failedPuts;
      longestFailedRun = Math.max(longestFailedRun, other.longestFailedRun);
      preCommitsWhilePaused += other.preCommitsWhilePaused;
      rebalancesWhilePaused += other.rebalancesWhilePaused;
      ignoredPreCommitOffsets += other.ignoredPreCommitOffsets;
      failedPreCommits += other.failedPreCommits;
      failedTasks += other.failedTasks;
      crashes += other.crashes;
      zombies += other.zombies;
      routerChanges += other.routerChanges;
    }
  }

  /**
   * Starts a new task ({@code initialize}, {@code start}) and assigns it {@code partitions}. When
   * {@code open} throws, the task dies as on a real worker and the exception comes out of here.
   */
  public void startTask(Collection<TopicPartition> partitions) {
    if (task != null) {
      throw new IllegalStateException("a task is running: stop, crash or lose it first");
    }
    task = newTask.get();
    context = new RecordingSinkContext(taskProps, () -> Set.copyOf(assignment));
    commitsRejected = false;
    trace("start");
    task.initialize(context);
    task.start(taskProps);
    guarded(() -> assign(partitions));
  }

  /** One loop of {@code WorkerSinkTask.iteration()}: maybe commit, then poll and deliver. */
  public void iteration(boolean commit) {
    requireTask();
    guarded(
        () -> {
          if (commit) {
            commit(assignment, false);
          }
          rewind();
          if (!pausedForRedelivery) {
            fetch();
          }
          deliver();
        });
  }

  /** One loop without a commit. */
  public void iteration() {
    iteration(false);
  }

  /** {@code commitOffsets()}: what {@code preCommit} returns for the assigned partitions. */
  public void commitOffsets() {
    requireTask();
    guarded(() -> commit(assignment, false));
  }

  /**
   * A rebalance that revokes {@code revoked} and then assigns {@code assigned}. The consumer runs
   * the rebalance callbacks inside its {@code poll}, so {@code poll()}'s {@code rewind()} has
   * applied the pending seeks first; the rest of that {@code poll()} is the next {@link
   * #iteration}.
   */
  public void rebalance(Collection<TopicPartition> revoked, Collection<TopicPartition> assigned) {
    requireTask();
    trace("rebalance revoke " + revoked + " assign " + assigned);
    if (pausedForRedelivery) {
      stats.rebalancesWhilePaused++;
    }
    guarded(
        () -> {
          rewind();
          List<TopicPartition> removed = new ArrayList<>(revoked);
          removed.retainAll(assignment);
          if (!removed.isEmpty()) {
            commit(removed, true);
            messageBatch.removeIf(
                r -> removed.contains(new TopicPartition(r.topic(), r.kafkaPartition())));
            assignment.removeAll(removed);
            removed.forEach(
                tp -> {
                  positions.remove(tp);
                  currentOffsets.remove(tp);
                  lastCommitted.remove(tp);
                  batchOffsets.remove(tp);
                });
          }
          assign(assigned);
        });
  }

  /** A rebalance that revokes every partition and assigns them all again (eager protocol). */
  public void rebalanceAll() {
    List<TopicPartition> all = assignment();
    rebalance(all, all);
  }

  /**
   * The group moved this worker's partitions to another member while it still runs (paused past its
   * session, or stuck in {@code put}): it goes on with what it has, and its commits are rejected.
   */
  public void becomeZombie() {
    requireTask();
    trace("zombie");
    stats.zombies++;
    commitsRejected = true;
  }

  /**
   * The zombie's consumer learns that it lost its partitions ({@code onPartitionsLost}: {@code
   * close} without a commit) and the task stops.
   */
  public void losePartitions() {
    requireTask();
    trace("partitions lost");
    try {
      task.close(assignment());
      task.stop();
    } finally {
      forget();
    }
  }

  /**
   * A connector config change of the topic router; takes effect with the next task (Connect
   * restarts the tasks on a config change).
   */
  public void route(Function<SinkRecord, String> router) {
    this.router = router;
    stats.routerChanges++;
  }

  /** SIGKILL: nothing is called, the batch and positions are gone; the task's threads stop. */
  public void crash() {
    stats.crashes++;
    trace("SIGKILL");
    forget();
  }

  /** A graceful stop: revoke everything, then {@code stop()}. */
  public void stop() {
    requireTask();
    rebalance(assignment(), List.of());
    trace("stop");
    try {
      task.stop();
    } finally {
      forget();
    }
  }

  /** The assigned partitions in topic and partition order (so that histories replay). */
  public List<TopicPartition> assignment() {
    List<TopicPartition> sorted = new ArrayList<>(assignment);
    sorted.sort(ORDER);
    return sorted;
  }

  /**
   * Nothing left to deliver: every assigned partition read to its end, no batch or seek pending.
   */
  public boolean caughtUp() {
    if (task == null || !messageBatch.isEmpty() || !context.seeks().isEmpty()) {
      return false;
    }
    for (TopicPartition tp : assignment) {
      if (positions.get(tp) < end(tp)) {
        return false;
      }
    }
    return true;
  }

  /** The partition's last offset, -1 when it is empty. */
  public long lastOffset(TopicPartition tp) {
    NavigableMap<Long, SinkRecord> records = log.get(tp);
    return records.isEmpty() ? -1 : records.lastKey();
  }

  /** The offset after the partition's last record. */
  public long end(TopicPartition tp) {
    return lastOffset(tp) + 1;
  }

  public Map<TopicPartition, Long> groupOffsets() {
    return Map.copyOf(groupOffsets);
  }

  /**
   * {@code currentOffsets}: what Connect passes to {@code preCommit} and the most it commits, per
   * assigned partition: after the last delivered record, or where a seek moved it since. A
   * redelivered batch sets it back to after its own records, also when the task sought further
   * while the batch failed (as {@code deliverMessages} does).
   */
  public Map<TopicPartition, Long> currentOffsets() {
    return Map.copyOf(currentOffsets);
  }

  /** What the task's last {@code preCommit} returned for each partition it was asked about. */
  public Map<TopicPartition, Long> lastPreCommit() {
    return Map.copyOf(lastPreCommit);
  }

  private void requireTask() {
    if (task == null) {
      throw new IllegalStateException("no task runs");
    }
  }

  /**
   * Runs a step of the task thread; when the task dies of it, the worker closes and stops it as
   * {@code execute()} and {@code WorkerTask.close} do, and the exception comes out.
   */
  private void guarded(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      trace("task died: " + e);
      stats.failedTasks++;
      try {
        commit(assignment, true);
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      try {
        task.stop();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      forget();
      throw e;
    }
  }

  /** The worker's state of this task is gone (a new task starts from the group's offsets). */
  private void forget() {
    task = null;
    assignment.clear();
    positions.clear();
    currentOffsets.clear();
    lastCommitted.clear();
    messageBatch.clear();
    batchOffsets.clear();
    lastPreCommit.clear();
    pausedForRedelivery = false;
    failedRun = 0;
  }

  private void assign(Collection<TopicPartition> partitions) {
    List<TopicPartition> added = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      if (assignment.add(tp)) {
        long position = groupOffsets.getOrDefault(tp, 0L);
        positions.put(tp, position);
        currentOffsets.put(tp, position);
        lastCommitted.put(tp, position);
        added.add(tp);
      }
    }
    pausedForRedelivery = pausedForRedelivery && !messageBatch.isEmpty();
    context.paused().retainAll(assignment);
    if (!added.isEmpty()) {
      trace("open " + added);
      task.open(added);
      rewind();
    }
  }

  private void rewind() {
    Map<TopicPartition, Long> seeks = context.seeks();
    for (Map.Entry<TopicPartition, Long> seek : seeks.entrySet()) {
      TopicPartition tp = seek.getKey();
      if (!assignment.contains(tp)) {
        throw new IllegalStateException("No current assignment for partition " + tp);
      }
      trace("seek " + seek);
      positions.put(tp, seek.getValue());
      currentOffsets.put(tp, seek.getValue());
      lastCommitted.put(tp, seek.getValue());
    }
    seeks.clear();
  }

  /** Up to the poll's budget of records, partition by partition, from each position on. */
  private void fetch() {
    int budget = poll.budget();
    List<TopicPartition> order = assignment();
    poll.order(order);
    for (TopicPartition tp : order) {
      int take = poll.take(budget);
      if (context.paused().contains(tp)) {
        continue;
      }
      long position = positions.get(tp);
      for (Map.Entry<Long, SinkRecord> e : log.get(tp).tailMap(position, true).entrySet()) {
        if (take == 0) {
          break;
        }
        messageBatch.add(converted(e.getValue()));
        batchOffsets.put(tp, e.getKey() + 1);
        positions.put(tp, e.getKey() + 1);
        take--;
        budget--;
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
    } catch (RetriableException e) {
      trace("put threw " + e.getMessage());
      pausedForRedelivery = true;
      stats.failedPuts++;
      failedRun++;
      stats.longestFailedRun = Math.max(stats.longestFailedRun, failedRun);
      return;
    } catch (RuntimeException e) {
      throw new ConnectException("Exiting WorkerSinkTask due to unrecoverable exception.", e);
    }
    batchOffsets.forEach(
        (tp, next) -> {
          if (assignment.contains(tp)) {
            currentOffsets.put(tp, next);
          }
        });
    batchOffsets.clear();
    messageBatch.clear();
    pausedForRedelivery = false;
    failedRun = 0;
  }

  /**
   * {@code commitOffsets(now, closing, partitions)}: {@code preCommit} with the current offsets of
   * {@code partitions}; when closing, {@code close} follows whatever {@code preCommit} did.
   */
  private void commit(Collection<TopicPartition> partitions, boolean closing) {
    Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Long offset = currentOffsets.get(tp);
      if (offset != null) {
        current.put(tp, new OffsetAndMetadata(offset));
      }
    }
    if (current.isEmpty()) {
      return;
    }
    if (pausedForRedelivery) {
      stats.preCommitsWhilePaused++;
    }
    List<TopicPartition> closed = new ArrayList<>(partitions);
    closed.sort(ORDER);
    Map<TopicPartition, OffsetAndMetadata> provided;
    try {
      provided = task.preCommit(new HashMap<>(current));
      trace("preCommit " + current + " -> " + provided);
    } catch (RuntimeException e) {
      trace("preCommit threw " + e);
      stats.failedPreCommits++;
      if (!closing) {
        for (TopicPartition tp : current.keySet()) {
          positions.put(tp, lastCommitted.get(tp));
          currentOffsets.put(tp, lastCommitted.get(tp));
        }
      }
      provided = Map.of();
    } finally {
      if (closing) {
        trace("close " + closed);
        task.close(closed);
      }
    }
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : provided.entrySet()) {
      TopicPartition tp = e.getKey();
      if (!current.containsKey(tp)) {
        continue; // not requested (or not assigned): ignored
      }
      long offset = e.getValue().offset();
      preCommitCheck.accept(tp, offset);
      lastPreCommit.put(tp, offset);
      if (offset > current.get(tp).offset()) {
        stats.ignoredPreCommitOffsets++; // "not yet consumed": ignored
        continue;
      }
      if (commitsRejected) {
        continue; // the group has moved on from this member: its commits fail
      }
      groupOffsets.put(tp, offset);
      lastCommitted.put(tp, offset);
    }
  }

  private void trace(String what) {
    if (TRACE) {
      System.out.println("WORKER " + System.identityHashCode(this) + " " + what);
    }
  }
}
