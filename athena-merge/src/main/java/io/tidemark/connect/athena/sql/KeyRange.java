package io.tidemark.connect.athena.sql;

/**
 * The smallest and largest value of an integer key column in some rows (both inclusive): what the
 * S3 sink's commit event reports per landed object ({@code keyRanges}) and what a MERGE uses to
 * bound the target side of its match ({@link MergeSql}).
 */
public record KeyRange(long min, long max) {

  public KeyRange {
    if (min > max) {
      throw new IllegalArgumentException("key range " + min + ".." + max + " is empty");
    }
  }

  /** The smallest range holding both. */
  public KeyRange span(KeyRange other) {
    return new KeyRange(Math.min(min, other.min), Math.max(max, other.max));
  }
}
