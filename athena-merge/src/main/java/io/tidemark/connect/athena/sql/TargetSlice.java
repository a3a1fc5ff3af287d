package io.tidemark.connect.athena.sql;

/**
 * Part {@code index} (0-based) of {@code count} of a MERGE whose rows span too many target
 * partitions for one statement: the de-duplicated rows whose {@link TargetPartitions} tuple has a
 * dense rank, among the distinct tuples of the scope's rows, in {@code [index * tuplesPerSlice + 1,
 * (index + 1) * tuplesPerSlice]}.
 *
 * <p>The cut is made after de-duplication, so each key's newest change falls in exactly one slice
 * and the slices together apply what the whole MERGE would; the ranks are computed over all rows of
 * the scope, the same set the count was taken over.
 */
public record TargetSlice(int index, int count, int tuplesPerSlice) {

  public TargetSlice {
    if (count < 1 || index < 0 || index >= count || tuplesPerSlice < 1) {
      throw new IllegalArgumentException(
          "slice " + index + " of " + count + " (" + tuplesPerSlice + " tuples each)");
    }
  }

  @Override
  public String toString() {
    return "slice " + (index + 1) + " of " + count;
  }
}
