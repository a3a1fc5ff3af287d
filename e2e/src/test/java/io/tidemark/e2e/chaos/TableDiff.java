package io.tidemark.e2e.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A copy of a table against the truth, row by row: rows are text cells keyed by their first cell
 * (the primary key). Missing rows are lost changes, extra rows are deletes or key changes that did
 * not arrive, different rows are stale or wrong values. Kafka-free.
 */
final class TableDiff {
  record Result(
      String table,
      int expectedRows,
      int actualRows,
      Set<String> missing,
      Set<String> extra,
      Map<String, List<String>> different) {
    boolean equal() {
      return missing.isEmpty() && extra.isEmpty() && different.isEmpty();
    }

    /** At most {@code limit} examples of each difference. */
    String describe(int limit) {
      if (equal()) {
        return table + ": " + actualRows + " rows, equal";
      }
      List<String> parts = new ArrayList<>();
      parts.add(String.format("%s: %d rows expected, %d found", table, expectedRows, actualRows));
      if (!missing.isEmpty()) {
        parts.add(missing.size() + " missing, keys " + missing.stream().limit(limit).toList());
      }
      if (!extra.isEmpty()) {
        parts.add(extra.size() + " extra, keys " + extra.stream().limit(limit).toList());
      }
      if (!different.isEmpty()) {
        parts.add(
            different.size()
                + " different, e.g. "
                + different.entrySet().stream()
                    .limit(limit)
                    .map(
                        e ->
                            e.getKey()
                                + ": expected "
                                + e.getValue().get(0)
                                + ", found "
                                + e.getValue().get(1))
                    .toList());
      }
      return String.join("; ", parts);
    }
  }

  private TableDiff() {}

  /**
   * Rows as lists of cells, first cell the key; a key twice in one side is an error of the caller.
   */
  static Result compare(String table, List<List<String>> expected, List<List<String>> actual) {
    Map<String, List<String>> want = byKey(table, "expected", expected);
    Map<String, List<String>> have = byKey(table, "actual", actual);
    Set<String> missing = new TreeSet<>(want.keySet());
    missing.removeAll(have.keySet());
    Set<String> extra = new TreeSet<>(have.keySet());
    extra.removeAll(want.keySet());
    Map<String, List<String>> different = new TreeMap<>();
    want.forEach(
        (key, row) -> {
          List<String> other = have.get(key);
          if (other != null && !other.equals(row)) {
            different.put(key, List.of(String.join("|", row), String.join("|", other)));
          }
        });
    return new Result(table, want.size(), have.size(), missing, extra, different);
  }

  private static Map<String, List<String>> byKey(
      String table, String side, List<List<String>> rows) {
    Map<String, List<String>> keyed = new TreeMap<>();
    for (List<String> row : rows) {
      if (keyed.put(row.get(0), row) != null) {
        throw new IllegalArgumentException(
            table + " (" + side + "): key " + row.get(0) + " appears twice");
      }
    }
    return keyed;
  }
}
