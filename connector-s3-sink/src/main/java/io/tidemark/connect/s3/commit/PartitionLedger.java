package io.tidemark.connect.s3.commit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The pure commit state of one topic partition (README "Exactly once"): which files are open, what
 * has landed, what the last durable marker says, and so which records a replay must skip and which
 * offset is safe to commit to Kafka. No I/O: the caller writes the markers this class hands out, in
 * order, and reports back with {@link #markerWritten}.
 *
 * <p>Order of a file commit: {@link #beginCommit} (write the marker it returns) → make the object
 * visible (complete the upload) → {@link #completeCommit} (write the marker it returns).
 */
public final class PartitionLedger {

  private final String topic;
  private final int partition;
  private final String owner;

  /** Open files by location (their folder): their first offset. */
  private final Map<String, Long> openFiles = new HashMap<>();

  private final List<LandedObject> landed = new ArrayList<>();
  private LandedObject pending;
  private Long pendingPublishBy;
  private CommitMarker durable;

  /** First offset not yet processed; -1 until a record or marker says. */
  private long nextOffset;

  private PartitionLedger(String topic, int partition, CommitMarker durable, String owner) {
    this.topic = topic;
    this.partition = partition;
    this.owner = owner;
    this.durable = durable;
    this.nextOffset = durable == null ? -1 : durable.committedOffset();
    if (durable != null) {
      if (durable.pending() != null) {
        throw new IllegalArgumentException("resolve the pending object before resuming");
      }
      landed.addAll(durable.landed());
    }
  }

  /** A ledger resuming from {@code marker} (null for a partition never written before). */
  public static PartitionLedger resume(String topic, int partition, CommitMarker marker) {
    return resume(topic, partition, marker, null);
  }

  /**
   * A ledger resuming from {@code marker} whose markers name {@code owner}; a marker that is only a
   * claim (nothing durable yet) counts as none.
   */
  public static PartitionLedger resume(
      String topic, int partition, CommitMarker marker, String owner) {
    CommitMarker durable = marker == null || !marker.hasCommittedOffset() ? null : marker;
    return new PartitionLedger(topic, partition, durable, owner);
  }

  /** Where the consumer must resume, if the marker knows better than Kafka's committed offset. */
  public OptionalLong resumeOffset() {
    return durable == null ? OptionalLong.empty() : OptionalLong.of(durable.committedOffset());
  }

  /**
   * True when a replayed record already sits in a visible object and must not be written again.
   * Exact: a landed object knows which offsets of its range it holds ({@link OffsetRuns}), so the
   * answer does not depend on where the replay would put the record (a router, partitioner or wall
   * clock may send it elsewhere than the first time).
   */
  public boolean alreadyLanded(long offset) {
    if (durable != null && offset < durable.committedOffset()) {
      return true;
    }
    for (LandedObject o : landed) {
      if (o.holds(offset)) {
        return true;
      }
    }
    return false;
  }

  /** Every record handed to the task, written, skipped or sent to the DLQ. */
  public void recordProcessed(long offset) {
    nextOffset = Math.max(nextOffset, offset + 1);
  }

  public void fileOpened(String location, long startOffset) {
    Long prev = openFiles.putIfAbsent(location, startOffset);
    if (prev != null) {
      throw new IllegalStateException("a file is already open at " + location);
    }
  }

  /** The file at {@code location} was dropped unwritten (rebalance, failure): replay redoes it. */
  public void fileDiscarded(String location) {
    openFiles.remove(location);
  }

  public boolean hasOpenFiles() {
    return !openFiles.isEmpty();
  }

  /** The marker to write BEFORE {@code object} may become visible (no publish lease). */
  public CommitMarker beginCommit(LandedObject object) {
    return beginCommit(object, null);
  }

  /**
   * The marker to write BEFORE {@code object} may become visible, with its publish lease: {@code
   * publishBy} (epoch ms) after which its writer will not make it visible any more.
   */
  public CommitMarker beginCommit(LandedObject object, Long publishBy) {
    if (pending != null) {
      throw new IllegalStateException("another object is pending: " + pending.key());
    }
    Long start = openFiles.get(object.location());
    if (start == null || start != object.startOffset()) {
      throw new IllegalStateException(
          "no open file at " + object.location() + " from " + object.startOffset());
    }
    pending = object;
    pendingPublishBy = publishBy;
    return marker(committedOffset(), pending);
  }

  /** The marker to write AFTER the pending object became visible. */
  public CommitMarker completeCommit(LandedObject object) {
    if (!Objects.equals(pending, object)) {
      throw new IllegalStateException("object " + object.key() + " is not the pending one");
    }
    pending = null;
    openFiles.remove(object.location());
    landed.add(object);
    long committed = committedOffset();
    landed.removeIf(o -> o.endOffset() < committed);
    return marker(committed, null);
  }

  /**
   * A marker that only moves the committed offset forward (records skipped with no file open), or
   * null when there is nothing to move. Lets skipped-only partitions commit.
   */
  public CommitMarker advance() {
    if (pending != null) {
      return null;
    }
    long committed = committedOffset();
    if (committed < 0 || (durable != null && committed <= durable.committedOffset())) {
      return null;
    }
    landed.removeIf(o -> o.endOffset() < committed);
    return marker(committed, null);
  }

  /** Called once {@code marker} is durably stored. */
  public void markerWritten(CommitMarker marker) {
    if (durable == null || marker.committedOffset() >= durable.committedOffset()) {
      durable = marker;
    } else {
      throw new IllegalStateException("marker went backwards");
    }
  }

  /** The offset to return from {@code preCommit}: only what a durable marker covers. */
  public OptionalLong preCommitOffset() {
    return durable == null ? OptionalLong.empty() : OptionalLong.of(durable.committedOffset());
  }

  /** First offset not known to be durable: the oldest open file's start, else the next offset. */
  long committedOffset() {
    long c = nextOffset;
    for (long start : openFiles.values()) {
      c = Math.min(c, start);
    }
    if (durable != null) {
      c = Math.max(c, durable.committedOffset());
    }
    return c;
  }

  private CommitMarker marker(long committed, LandedObject pendingObject) {
    return new CommitMarker(
        CommitMarker.VERSION,
        topic,
        partition,
        Math.max(committed, 0),
        landed,
        pendingObject,
        owner,
        pendingObject == null ? null : pendingPublishBy);
  }
}
