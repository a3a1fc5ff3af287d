package io.tidemark.connect.athena.sql;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which landing rows a MERGE reads: the objects ({@code s3://bucket/key}, matched against {@code
 * "$path"}) and, per landing partition column, the folder values they sit in (for partition
 * pruning). Sorted, so equal scopes render equal SQL.
 *
 * @param keyRanges per key column, a range that holds the key of every row of the objects (from the
 *     commit events); it bounds the target side of the match so that the engine can skip target
 *     files by their column statistics. Only key columns whose range is known.
 */
public record MergeScope(
    SortedSet<String> objectUris,
    SortedMap<Identifier, SortedSet<String>> partitionValues,
    SortedMap<Identifier, KeyRange> keyRanges) {

  public MergeScope {
    if (objectUris.isEmpty()) {
      throw new IllegalArgumentException("a merge needs at least one object");
    }
    objectUris = new TreeSet<>(objectUris);
    SortedMap<Identifier, SortedSet<String>> copy = new TreeMap<>();
    partitionValues.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
    partitionValues = copy;
    keyRanges = new TreeMap<>(keyRanges);
  }

  public static MergeScope of(
      List<String> objectUris,
      Map<Identifier, ? extends java.util.Collection<String>> partitionValues) {
    return of(objectUris, partitionValues, Map.of());
  }

  public static MergeScope of(
      List<String> objectUris,
      Map<Identifier, ? extends java.util.Collection<String>> partitionValues,
      Map<Identifier, KeyRange> keyRanges) {
    SortedMap<Identifier, SortedSet<String>> values = new TreeMap<>();
    partitionValues.forEach((k, v) -> values.put(k, new TreeSet<>(v)));
    return new MergeScope(new TreeSet<>(objectUris), values, new TreeMap<>(keyRanges));
  }
}
