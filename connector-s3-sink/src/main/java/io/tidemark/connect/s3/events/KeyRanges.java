package io.tidemark.connect.s3.events;

import io.tidemark.connect.s3.format.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The smallest and largest value of some integer fields over the rows of one file, for the commit
 * event's {@code keyRanges} ({@code commit.events.key.range.fields}). A consumer that merges the
 * file by key can bound its match on the target with them (athena-merge skips Iceberg files by
 * their key statistics). A field that is missing, null or not an integer in any row has no range: a
 * range is only reported when it covers every row.
 */
public final class KeyRanges {

  /** An inclusive range, as it appears in the event JSON: {@code {"min":1,"max":9}}. */
  public record Range(long min, long max) {}

  private final Map<String, long[]> ranges = new LinkedHashMap<>();
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
      Object v = row.get(f.getKey());
      if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
        long x = ((Number) v).longValue();
        long[] r = ranges.computeIfAbsent(f.getKey(), k -> new long[] {x, x});
        r[0] = Math.min(r[0], x);
        r[1] = Math.max(r[1], x);
      } else {
        f.setValue(true);
        ranges.remove(f.getKey());
      }
    }
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
