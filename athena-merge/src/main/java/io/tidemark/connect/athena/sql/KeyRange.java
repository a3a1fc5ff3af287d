package io.tidemark.connect.athena.sql;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The smallest and largest value of an integer key column in some rows (both inclusive): what the
 * S3 sink's commit event reports per landed object ({@code keyRanges}) and what a MERGE uses to
 * bound the target side of its match ({@link MergeSql}). Exact integers of any size: BIGINT keys
 * above 2^53 (snowflake ids) and BIGINT UNSIGNED keys up to 18446744073709551615 (landed as
 * integral decimals) must bound the match digit for digit, or the match misses their rows.
 */
public record KeyRange(BigInteger min, BigInteger max) {

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  public KeyRange {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("key range " + min + ".." + max + " is empty");
    }
  }

  public KeyRange(long min, long max) {
    this(BigInteger.valueOf(min), BigInteger.valueOf(max));
  }

  /** The smallest range holding both. */
  public KeyRange span(KeyRange other) {
    return new KeyRange(min.min(other.min), max.max(other.max));
  }

  /**
   * {@code v} as a SQL literal: a plain integer within BIGINT, else {@code DECIMAL '…'} (Athena and
   * Trino reject integer literals beyond BIGINT; a decimal(20,0) column compares with it exactly).
   */
  public static String literal(BigInteger v) {
    return v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0
        ? v.toString()
        : "DECIMAL '" + v + "'";
  }

  @Override
  public String toString() {
    return min + ".." + max;
  }
}
