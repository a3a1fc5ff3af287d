package io.tidemark.connect.redshift.write;

import io.tidemark.common.position.LineageBreakException;
import io.tidemark.common.position.PositionLineage;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.SourceOffset.TopicPartitionKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Per partition, the position lineage mark ({@link PositionLineage.Mark}) after every offset this
 * writer checked, keyed by the next offset: a transaction that commits next offset {@code n} of a
 * partition writes the mark after every change below {@code n} into the same offsets row, so the
 * check resumes from exactly what is committed after a restart, a rebalance or a redelivery, and a
 * change is never checked against marks of changes above it.
 */
final class LineageMarks {

  /** Per partition: next offset -> the mark after every change below it (null: none seen). */
  private final Map<TopicPartitionKey, TreeMap<Long, PositionLineage.Mark>> marks = new HashMap<>();

  /**
   * Takes what the offsets table holds: a partition whose stored mark is what this writer has at
   * the committed offset (its own commit) keeps its marks above it; any other starts again from the
   * stored mark.
   */
  void load(Map<TopicPartitionKey, Long> committed, Map<TopicPartitionKey, String> stored) {
    committed.forEach(
        (tp, next) -> {
          String text = stored.get(tp);
          TreeMap<Long, PositionLineage.Mark> byOffset = marks.get(tp);
          if (byOffset != null) {
            Map.Entry<Long, PositionLineage.Mark> at = byOffset.floorEntry(next);
            String ours = at == null || at.getValue() == null ? null : at.getValue().encode();
            if (at != null && Objects.equals(ours, text)) {
              byOffset.headMap(at.getKey(), false).clear();
              return;
            }
          }
          TreeMap<Long, PositionLineage.Mark> fresh = new TreeMap<>();
          fresh.put(next, PositionLineage.Mark.decode(text));
          marks.put(tp, fresh);
        });
  }

  /**
   * Checks the change at {@code source} with {@code position} (null: none) and {@code sourceTs}
   * (epoch ms, or null) against the mark of its partition below it; throws {@link
   * LineageBreakException} on a lineage break.
   */
  void check(SourceOffset source, String position, Long sourceTs) {
    TreeMap<Long, PositionLineage.Mark> byOffset =
        marks.computeIfAbsent(source.partitionKey(), tp -> new TreeMap<>());
    Map.Entry<Long, PositionLineage.Mark> below = byOffset.floorEntry(source.offset());
    PositionLineage.Mark next =
        PositionLineage.next(
            below == null ? null : below.getValue(),
            source.topic(),
            source.partition(),
            source.offset(),
            position,
            sourceTs);
    byOffset.put(source.offset() + 1, next);
  }

  /** The marks to write with {@code nextOffsets}, as text (absent: none). */
  Map<TopicPartitionKey, String> at(Map<TopicPartitionKey, Long> nextOffsets) {
    Map<TopicPartitionKey, String> out = new TreeMap<>();
    nextOffsets.forEach(
        (tp, next) -> {
          TreeMap<Long, PositionLineage.Mark> byOffset = marks.get(tp);
          Map.Entry<Long, PositionLineage.Mark> at =
              byOffset == null ? null : byOffset.floorEntry(next);
          if (at != null && at.getValue() != null) {
            out.put(tp, at.getValue().encode());
          }
        });
    return out;
  }

  /**
   * After a commit of {@code nextOffsets}: only the mark at each committed offset and those above
   * it can still be needed (a redelivery never goes below what is committed), so the rest go. Keeps
   * the marks bounded by what is checked but not yet committed.
   */
  void committed(Map<TopicPartitionKey, Long> nextOffsets) {
    nextOffsets.forEach(
        (tp, next) -> {
          TreeMap<Long, PositionLineage.Mark> byOffset = marks.get(tp);
          Long floor = byOffset == null ? null : byOffset.floorKey(next);
          if (floor != null) {
            byOffset.headMap(floor, false).clear();
          }
        });
  }

  /** How many marks are kept for {@code tp}: for tests of the bound above. */
  int kept(TopicPartitionKey tp) {
    TreeMap<Long, PositionLineage.Mark> byOffset = marks.get(tp);
    return byOffset == null ? 0 : byOffset.size();
  }

  /** Forgets partitions the task no longer owns. */
  void forget(java.util.Collection<TopicPartitionKey> partitions) {
    partitions.forEach(marks::remove);
  }
}
