package io.tidemark.connect.athena.run;

import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.CommitEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's heart, without Kafka: buffers commit events per table, hands a table's buffer to the
 * single merge thread when {@code batch.max.files} objects wait or the oldest has waited {@code
 * batch.interval.ms}, and marks the events' offsets done only after their MERGE (and its downstream
 * statements) succeeded. {@link #committable()} is what {@code preCommit} returns.
 *
 * <p>One merge thread, one job at a time: tables are merged one after the other, so there is
 * exactly one writer per table (and per aggregate) in this task, and the task thread keeps polling
 * (no consumer timeout) while a MERGE runs for minutes.
 */
public final class MergeLoop<P> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MergeLoop.class);

  private record Item<P>(P partition, long offset, CommitEvent event) {}

  private final class Buffer {
    final TableMapping mapping;
    final List<Item<P>> items = new ArrayList<>();
    Instant oldest;
    // The original topic of the table's objects, when the table orders changes by Kafka offset.
    String offsetTopic;

    Buffer(TableMapping mapping) {
      this.mapping = mapping;
    }
  }

  /** The S3 sink's Kafka offset column (record.kafka.coordinates.enabled). */
  static final String KAFKA_OFFSET_COLUMN = "__offset";

  private final Map<String, Buffer> byTopic = new LinkedHashMap<>();
  private final OffsetLedger<P> ledger = new OffsetLedger<>();
  private final TableMerger merger;
  private final Clock clock;
  private final Duration interval;
  private final int maxFiles;
  private final String logPrefix;
  private final ExecutorService thread;
  private Future<?> running;

  public MergeLoop(
      List<TableMapping> mappings,
      TableMerger merger,
      Clock clock,
      Duration interval,
      int maxFiles,
      String logPrefix) {
    for (TableMapping m : mappings) {
      if (byTopic.put(m.topic(), new Buffer(m)) != null) {
        throw new IllegalArgumentException("two tables read topic " + m.topic());
      }
    }
    this.merger = Objects.requireNonNull(merger, "merger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.maxFiles = maxFiles;
    this.logPrefix = logPrefix;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "tidemark-athena-merge " + logPrefix.trim());
              t.setDaemon(true);
              return t;
            });
  }

  /** Whether some table merges the event's object (by its folder or its original topic). */
  public boolean merges(CommitEvent event) {
    return buffer(event) != null;
  }

  private Buffer buffer(CommitEvent event) {
    Buffer byFolder = byTopic.get(event.topic());
    return byFolder != null ? byFolder : byTopic.get(event.sourceTopic());
  }

  /** Buffers one event read at {@code offset} of {@code partition}. */
  public void add(P partition, long offset, CommitEvent event) {
    Buffer buffer = buffer(event);
    if (buffer == null) {
      throw new IllegalArgumentException(
          "no table merges folder " + event.topic() + " (topic " + event.sourceTopic() + ")");
    }
    requireOneTopicWhenOrderedByOffset(buffer, event);
    ledger.received(partition, offset);
    if (buffer.items.isEmpty()) {
      buffer.oldest = clock.instant();
    }
    buffer.items.add(new Item<>(partition, offset, event));
  }

  /**
   * Offsets of two topics do not order changes: a table whose position column is the Kafka offset
   * and whose folder gets two topics (a router merged them) would keep stale rows. Refused.
   */
  private void requireOneTopicWhenOrderedByOffset(Buffer buffer, CommitEvent event) {
    if (!buffer.mapping.position().name().equals(KAFKA_OFFSET_COLUMN)) {
      return;
    }
    if (buffer.offsetTopic == null) {
      buffer.offsetTopic = event.sourceTopic();
    } else if (!buffer.offsetTopic.equals(event.sourceTopic())) {
      throw new IllegalArgumentException(
          "table."
              + buffer.mapping.alias()
              + " orders changes by "
              + KAFKA_OFFSET_COLUMN
              + ", but its folder "
              + event.topic()
              + " holds objects of topics "
              + buffer.offsetTopic
              + " and "
              + event.sourceTopic()
              + " (an SMT routed both there): offsets of two topics do not order changes."
              + " Order by the change position (CdcUnwrap's __position) or route one topic per"
              + " folder");
    }
  }

  /** An offset with nothing to merge (an event of an unmapped topic, a reported bad record). */
  public void skip(P partition, long offset) {
    ledger.received(partition, offset);
    ledger.done(partition, offset);
  }

  /**
   * Rethrows the failure of the last merge job, then starts the next one if the merge thread is
   * idle and some table is due. Call from the task thread after every {@code put}.
   *
   * @throws RuntimeException the merge job's failure ({@code QueryException} or a planning error)
   */
  public synchronized void tick() {
    if (running != null) {
      if (!running.isDone()) {
        return;
      }
      Future<?> finished = running;
      running = null;
      try {
        finished.get();
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    Instant now = clock.instant();
    Map<TableMapping, List<Item<P>>> due = new LinkedHashMap<>();
    for (Buffer b : byTopic.values()) {
      if (!b.items.isEmpty()
          && (b.items.size() >= maxFiles || !now.isBefore(b.oldest.plus(interval)))) {
        due.put(b.mapping, List.copyOf(b.items));
        b.items.clear();
      }
    }
    if (!due.isEmpty()) {
      running = thread.submit(() -> mergeAll(due));
    }
  }

  private void mergeAll(Map<TableMapping, List<Item<P>>> due) {
    for (Map.Entry<TableMapping, List<Item<P>>> e : due.entrySet()) {
      List<CommitEvent> events = e.getValue().stream().map(Item::event).toList();
      merger.merge(e.getKey(), events);
      for (Item<P> item : e.getValue()) {
        ledger.done(item.partition(), item.offset());
      }
    }
  }

  /** Waits for the running merge job, if any; for tests and the CLI. Rethrows its failure. */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    Future<?> job;
    synchronized (this) {
      job = running;
    }
    if (job != null) {
      try {
        job.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // tick() reports the failure; a timeout leaves the job running.
      }
    }
    tick();
  }

  /** Buffered or running events not merged yet. */
  public int pendingCount() {
    return ledger.pendingCount();
  }

  /** Per partition, the next offset to consume after a restart (everything before it is merged). */
  public Map<P, Long> committable() {
    return ledger.committable();
  }

  /**
   * Partitions no longer assigned: their unmerged events will be read again by their next owner.
   */
  public synchronized void forget(P partition) {
    for (Buffer b : byTopic.values()) {
      b.items.removeIf(i -> i.partition().equals(partition));
    }
    ledger.forget(partition);
  }

  /** Stops the merge thread; the caller cancels running queries first (engine.cancelAll). */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("{}merge thread did not stop within 30 s", logPrefix);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
