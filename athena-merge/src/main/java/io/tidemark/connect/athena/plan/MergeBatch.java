package io.tidemark.connect.athena.plan;

import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.sql.MergeScope;
import io.tidemark.connect.athena.sql.TargetSlice;
import java.util.List;
import java.util.Optional;

/**
 * One MERGE statement for one table: the events it covers (sorted by object), its scope, its SQL
 * and, when the rows of the scope span too many target partitions for one statement, the slice of
 * them it writes. Equal event sets give equal batches.
 */
public record MergeBatch(
    TableMapping mapping,
    List<CommitEvent> events,
    MergeScope scope,
    Optional<TargetSlice> slice,
    String sql) {

  public MergeBatch {
    events = List.copyOf(events);
  }

  public MergeBatch(TableMapping mapping, List<CommitEvent> events, MergeScope scope, String sql) {
    this(mapping, events, scope, Optional.empty(), sql);
  }

  /** The Athena ClientRequestToken of {@code attempt} (0 for the first submission). */
  public String requestToken(int attempt) {
    return RequestTokens.of("merge:" + mapping.alias(), sql, attempt);
  }

  /** Landing partition value combinations the batch reads. */
  public long partitionCount() {
    return events.stream().map(CommitEvent::partitionValues).distinct().count();
  }
}
