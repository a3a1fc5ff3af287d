package io.tidemark.connect.s3.commit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Exactly which offsets of its range an object holds, as sorted runs of offsets, when that is not
 * simply every offset of the partition from its first to its last: a partition's records interleave
 * between folders and partition paths, so an object of one of them holds a subset of its range. The
 * marker keeps this, so "does a landed object hold this replayed offset" is answered exactly,
 * whatever the replay's folders are (a router or partitioner changed since, a wall clock).
 *
 * <p>Written as {@code "<first>.<length-1>,<gap>.<length-1>,..."} (gaps are the offsets between two
 * runs), e.g. {@code "1000.4,2.0"} for 1000-1004 and 1007.
 */
public final class OffsetRuns {
  private final long[] starts;
  private final long[] ends;

  private OffsetRuns(long[] starts, long[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  public boolean contains(long offset) {
    int i = Arrays.binarySearch(starts, offset);
    if (i >= 0) {
      return true;
    }
    int run = -i - 2;
    return run >= 0 && offset <= ends[run];
  }

  public int size() {
    return starts.length;
  }

  @JsonValue
  public String encoded() {
    StringBuilder b = new StringBuilder(starts.length * 6);
    for (int i = 0; i < starts.length; i++) {
      if (i > 0) {
        b.append(',').append(starts[i] - ends[i - 1] - 1);
      } else {
        b.append(starts[0]);
      }
      b.append('.').append(ends[i] - starts[i]);
    }
    return b.toString();
  }

  @JsonCreator
  public static OffsetRuns parse(String encoded) {
    String[] parts = encoded.split(",");
    long[] starts = new long[parts.length];
    long[] ends = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      int dot = parts[i].indexOf('.');
      if (dot < 0) {
        throw new IllegalArgumentException("offset runs: '" + parts[i] + "' is not <n>.<length-1>");
      }
      long head = Long.parseLong(parts[i].substring(0, dot));
      long length = Long.parseLong(parts[i].substring(dot + 1));
      starts[i] = i == 0 ? head : ends[i - 1] + 1 + head;
      ends[i] = starts[i] + length;
      if (head < 0 || length < 0 || (i > 0 && head < 1)) {
        throw new IllegalArgumentException("offset runs out of order: " + encoded);
      }
    }
    return new OffsetRuns(starts, ends);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OffsetRuns r
        && Arrays.equals(starts, r.starts)
        && Arrays.equals(ends, r.ends);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(starts) + Arrays.hashCode(ends);
  }

  @Override
  public String toString() {
    return encoded();
  }

  /** Collects the offsets a file takes, in increasing order. */
  public static final class Builder {
    private long[] starts = new long[4];
    private long[] ends = new long[4];
    private int size;

    /**
     * The file takes {@code offset}; {@code adjacent} when no other offset of the partition was
     * processed since the file's previous one (then the run goes on).
     */
    public void add(long offset, boolean adjacent) {
      if (size > 0 && offset <= ends[size - 1]) {
        throw new IllegalArgumentException(
            "offset " + offset + " after " + ends[size - 1] + ": offsets must increase");
      }
      if (size > 0 && adjacent) {
        ends[size - 1] = offset;
        return;
      }
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, size * 2);
        ends = Arrays.copyOf(ends, size * 2);
      }
      starts[size] = offset;
      ends[size] = offset;
      size++;
    }

    /** The runs, or null when they are one run (the object holds its whole range). */
    public OffsetRuns build() {
      return size <= 1
          ? null
          : new OffsetRuns(Arrays.copyOf(starts, size), Arrays.copyOf(ends, size));
    }
  }
}
