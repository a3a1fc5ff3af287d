package io.tidemark.connect.redshift.sql;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The statements of one BatchExecuteStatement call, which Redshift runs as one transaction, and the
 * next offsets it commits per topic partition.
 */
public record Transaction(
    List<String> statements,
    SortedMap<SourceOffset.TopicPartitionKey, Long> nextOffsets,
    int rowCount) {
  public Transaction {
    statements = List.copyOf(statements);
    nextOffsets = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(nextOffsets));
  }

  public Map<SourceOffset.TopicPartitionKey, Long> offsets() {
    return nextOffsets;
  }
}
