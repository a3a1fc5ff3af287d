package io.tidemark.connect.athena.run;

import io.tidemark.connect.athena.plan.MergeBatch;
import io.tidemark.connect.athena.sql.UserTransactionsSql;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the demo's {@code user_transactions} aggregate current after merges of its two source
 * tables, recomputing only the days a batch touched (the steps of {@link UserTransactionsSql}).
 * Merges of other tables run nothing.
 */
public final class UserTransactionsDownstream implements Downstream {

  private final UserTransactionsSql sql;
  private final String transactionsAlias;
  private final String usersAlias;

  public UserTransactionsDownstream(
      UserTransactionsSql sql, String transactionsAlias, String usersAlias) {
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
    return batch.mapping().alias().equals(usersAlias)
        ? List.of(sql.markDirtyFromUsers(batch.scope()))
        : List.of();
  }

  @Override
  public Optional<String> backlog(MergeBatch batch) {
    return mine(batch) ? Optional.of(sql.dirtyDayCount()) : Optional.empty();
  }

  /**
   * Recomputes the first days of the queue, then takes them off it (a round writes at most 100
   * days).
   */
  @Override
  public List<String> drain(MergeBatch batch) {
    return mine(batch) ? List.of(sql.recompute(), sql.clearDirty()) : List.of();
  }

  private boolean mine(MergeBatch batch) {
    String alias = batch.mapping().alias();
    return alias.equals(transactionsAlias) || alias.equals(usersAlias);
  }
}
