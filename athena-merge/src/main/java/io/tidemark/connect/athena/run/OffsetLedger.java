package io.tidemark.connect.athena.run;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which commit-event offsets may be committed: per source partition, everything below the smallest
 * offset that was received but is not done yet (its MERGE has not succeeded). Offsets are done in
 * any order (tables merge independently), so the committable offset only moves past a contiguous
 * prefix of done offsets. Kafka-free ({@code P} is the partition type). Thread-safe: the task
 * thread adds, the merge thread marks done.
 */
public final class OffsetLedger<P> {

  private final Map<P, TreeSet<Long>> pending = new HashMap<>();
  private final Map<P, Long> next = new LinkedHashMap<>();

  /** An offset was read; it blocks the commit of itself and later offsets until {@link #done}. */
  public synchronized void received(P partition, long offset) {
    pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
    next.merge(partition, offset + 1, Math::max);
  }

  /**
   * The offset's work is durable (or there was nothing to do for it). Unknown offsets are ignored.
   */
  public synchronized void done(P partition, long offset) {
    TreeSet<Long> offsets = pending.get(partition);
    if (offsets != null) {
      offsets.remove(offset);
    }
  }

  /** The partition is no longer ours (rebalance, stop): forget it; its events will be replayed. */
  public synchronized void forget(P partition) {
    pending.remove(partition);
    next.remove(partition);
  }

  /** Per partition, the next offset to consume after a restart: the first one not done. */
  public synchronized Map<P, Long> committable() {
    Map<P, Long> out = new LinkedHashMap<>();
    next.forEach(
        (p, n) -> {
          TreeSet<Long> offsets = pending.get(p);
          out.put(p, offsets == null || offsets.isEmpty() ? n : offsets.first());
        });
    return out;
  }

  /** How many received offsets are not done yet. */
  public synchronized int pendingCount() {
    return pending.values().stream().mapToInt(TreeSet::size).sum();
  }
}
