package io.tidemark.connect.athena.run;

import io.tidemark.connect.athena.plan.MergeBatch;
import io.tidemark.connect.athena.sql.UserTransactionsSql;
import java.util.List;

/**
 * Keeps the demo's {@code user_transactions} aggregate current after merges of its two source
 * tables, recomputing only the days a batch touched (the steps of {@link UserTransactionsSql}).
 * Merges of other tables run nothing.
 */
public final class UserTransactionsDownstream implements Downstream {

    private final UserTransactionsSql sql;
    private final String transactionsAlias;
    private final String usersAlias;

    public UserTransactionsDownstream(UserTransactionsSql sql, String transactionsAlias, String usersAlias) {
        this.sql = sql;
        this.transactionsAlias = transactionsAlias;
        this.usersAlias = usersAlias;
    }

    @Override
    public List<String> before(MergeBatch batch) {
        // The days moved transactions leave must be read before the mirror MERGE overwrites them.
        return batch.mapping().alias().equals(transactionsAlias)
                ? List.of(sql.markDirtyFromTransactions(batch.scope()))
                : List.of();
    }

    @Override
    public List<String> after(MergeBatch batch) {
        String alias = batch.mapping().alias();
        if (alias.equals(transactionsAlias)) {
            return List.of(sql.recompute(), sql.clearDirty());
        }
        if (alias.equals(usersAlias)) {
            return List.of(sql.markDirtyFromUsers(batch.scope()), sql.recompute(), sql.clearDirty());
        }
        return List.of();
    }
}
