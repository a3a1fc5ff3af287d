package io.tidemark.connect.athena.plan;

import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.sql.MergeScope;
import java.util.List;

/**
 * One MERGE statement for one table: the events it covers (sorted by object), its scope and
 * its SQL. Equal event sets give equal batches.
 */
public record MergeBatch(TableMapping mapping, List<CommitEvent> events, MergeScope scope, String sql) {

    public MergeBatch {
        events = List.copyOf(events);
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
