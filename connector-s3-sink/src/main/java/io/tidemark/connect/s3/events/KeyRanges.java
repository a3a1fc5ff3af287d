package io.tidemark.connect.s3.events;

import io.tidemark.connect.s3.format.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The smallest and largest value of some integer fields over the rows of one file, for the commit
 * event's {@code keyRanges} ({@code commit.events.key.range.fields}). A consumer that merges the
 * file by key can bound its match on the target with them (athena-merge skips Iceberg files by
 * their key statistics). Integers of any size count, and so do integral decimals (MySQL's BIGINT
 * UNSIGNED arrives as a DECIMAL(20,0)); every bound is exact. A field that is missing, null or not
 * an integer in any row has no range: a range is only reported when it covers every row.
 */
public final class KeyRanges {

  /** An inclusive range, as it appears in the event JSON: {@code {"min":1,"max":9}}. */
  public record Range(BigInteger min, BigInteger max) {
    public Range(long min, long max) {
      this(BigInteger.valueOf(min), BigInteger.valueOf(max));
    }
  }

  private final Map<String, BigInteger[]> ranges = new LinkedHashMap<>();
  private final Map<String, Boolean> unknown = new LinkedHashMap<>();

  public KeyRanges(List<String> fields) {
    for (String f : fields) {
      unknown.put(f, false);
    }
  }

  public void observe(Row row) {
    for (Map.Entry<String, Boolean> f : unknown.entrySet()) {
      if (f.getValue()) {
        continue;
      }
      BigInteger x = integral(row.get(f.getKey()));
      if (x != null) {
        BigInteger[] r = ranges.computeIfAbsent(f.getKey(), k -> new BigInteger[] {x, x});
        r[0] = r[0].min(x);
        r[1] = r[1].max(x);
      } else {
        f.setValue(true);
        ranges.remove(f.getKey());
      }
    }
  }

  /** The exact integer a value holds, or null when it is not an integer. */
  private static BigInteger integral(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return BigInteger.valueOf(((Number) v).longValue());
    }
    if (v instanceof BigInteger b) {
      return b;
    }
    if (v instanceof BigDecimal d) {
      try {
        return d.toBigIntegerExact();
      } catch (ArithmeticException fraction) {
        return null;
      }
    }
    return null;
  }

  /**
   * The ranges known for every row so far, by field; null when there are none (the event omits the
   * field).
   */
  public Map<String, Range> result() {
    if (ranges.isEmpty()) {
      return null;
    }
    Map<String, Range> out = new TreeMap<>();
    ranges.forEach((k, r) -> out.put(k, new Range(r[0], r[1])));
    return out;
  }
}
