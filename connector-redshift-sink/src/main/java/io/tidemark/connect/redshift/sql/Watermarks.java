package io.tidemark.connect.redshift.sql;

import io.tidemark.connect.redshift.sql.SourceOffset.TopicPartitionKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The next offsets each transaction of a split write may commit, so that the offsets row never
 * claims a change a later transaction of the write still holds and never moves backwards. The
 * transactions run in the order given; for a partition with rows in transaction {@code i} it is one
 * past the highest offset of the partition written so far, but no more than the lowest offset of
 * the partition a later transaction holds (every lower offset of the write is written by then).
 * Non-decreasing from one transaction to the next, and equal to the highest offset + 1 when each
 * transaction holds a contiguous run of the partition's offsets (what {@link InsertPathPlanner}
 * plans for one table).
 */
public final class Watermarks {
  private Watermarks() {}

  /** Per transaction (run order), the source offsets of the rows it holds. */
  public static List<SortedMap<TopicPartitionKey, Long>> of(
      List<? extends Collection<SourceOffset>> transactions) {
    // Per partition, per transaction index, the lowest offset held: scanned from the end.
    List<Map<TopicPartitionKey, Long>> lowest = new ArrayList<>();
    List<Map<TopicPartitionKey, Long>> highestNext = new ArrayList<>();
    for (Collection<SourceOffset> rows : transactions) {
      Map<TopicPartitionKey, Long> low = new HashMap<>();
      Map<TopicPartitionKey, Long> next = new HashMap<>();
      for (SourceOffset s : rows) {
        low.merge(s.partitionKey(), s.offset(), Math::min);
        next.merge(s.partitionKey(), s.offset() + 1, Math::max);
      }
      lowest.add(low);
      highestNext.add(next);
    }
    int n = transactions.size();
    List<Map<TopicPartitionKey, Long>> laterLowest = new ArrayList<>(n);
    Map<TopicPartitionKey, Long> after = new HashMap<>();
    for (int i = n - 1; i >= 0; i--) {
      laterLowest.add(0, new HashMap<>(after));
      lowest.get(i).forEach((tp, o) -> after.merge(tp, o, Math::min));
    }
    List<SortedMap<TopicPartitionKey, Long>> out = new ArrayList<>(n);
    Map<TopicPartitionKey, Long> writtenNext = new HashMap<>();
    for (int i = 0; i < n; i++) {
      highestNext.get(i).forEach((tp, o) -> writtenNext.merge(tp, o, Math::max));
      SortedMap<TopicPartitionKey, Long> commit = new TreeMap<>();
      for (TopicPartitionKey tp : highestNext.get(i).keySet()) {
        Long later = laterLowest.get(i).get(tp);
        long written = writtenNext.get(tp);
        commit.put(tp, later != null ? Math.min(later, written) : written);
      }
      out.add(commit);
    }
    return out;
  }
}
