package io.tidemark.connect.s3.buffer;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The task-wide memory budget shared by every open file. Holders report growth with {@link
 * #reserve} and shrinkage with {@link #free}; {@link #enforce()} makes the largest holders release
 * memory (upload a part, spill to disk, or, for a writer whose memory cannot be moved such as a
 * Parquet row group, rotate the file) until use is back within the budget. Not thread-safe: one per
 * task, used from the task thread.
 */
public final class BufferBudget {

  /** Something that holds budgeted memory and can give it back. */
  public interface Holder {
    long memoryBytes();

    /** Frees memory (the holder calls {@link #free}). Must make progress when memoryBytes() > 0. */
    void release() throws IOException;
  }

  private final long budgetBytes;
  private final Set<Holder> holders = Collections.newSetFromMap(new IdentityHashMap<>());
  private long used;
  private long peak;
  private long releases;

  public BufferBudget(long budgetBytes) {
    if (budgetBytes < 1) {
      throw new IllegalArgumentException("budget must be positive");
    }
    this.budgetBytes = budgetBytes;
  }

  public void register(Holder h) {
    holders.add(h);
  }

  public void unregister(Holder h) {
    holders.remove(h);
  }

  public void reserve(long bytes) {
    used += bytes;
    peak = Math.max(peak, used);
  }

  public void free(long bytes) {
    used -= bytes;
    if (used < 0) {
      throw new IllegalStateException("freed more than reserved");
    }
  }

  /** Releases the largest holders until use is within the budget. */
  public void enforce() throws IOException {
    while (used > budgetBytes) {
      Holder largest = null;
      for (Holder h : holders) {
        if (largest == null || h.memoryBytes() > largest.memoryBytes()) {
          largest = h;
        }
      }
      if (largest == null || largest.memoryBytes() == 0) {
        return;
      }
      long before = used;
      largest.release();
      releases++;
      if (used >= before) {
        throw new IllegalStateException("a buffer holder released nothing");
      }
    }
  }

  public long budgetBytes() {
    return budgetBytes;
  }

  public long usedBytes() {
    return used;
  }

  public long peakBytes() {
    return peak;
  }

  public long releases() {
    return releases;
  }
}
