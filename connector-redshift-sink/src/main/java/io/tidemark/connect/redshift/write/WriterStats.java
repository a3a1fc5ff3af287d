package io.tidemark.connect.redshift.write;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one writer, read by the task's JMX metrics and the benchmark; thread-safe. */
public final class WriterStats {
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong transactionNanos = new AtomicLong();
  private final AtomicLong maxTransactionNanos = new AtomicLong();
  private final AtomicLong transientFailures = new AtomicLong();
  private final AtomicLong abortedFailures = new AtomicLong();
  private final AtomicLong fenced = new AtomicLong();

  void committed(int rowCount, long nanos) {
    rows.addAndGet(rowCount);
    transactions.incrementAndGet();
    transactionNanos.addAndGet(nanos);
    maxTransactionNanos.accumulateAndGet(nanos, Math::max);
  }

  void transientFailure() {
    transientFailures.incrementAndGet();
  }

  void abortedFailure() {
    abortedFailures.incrementAndGet();
  }

  void fenced() {
    fenced.incrementAndGet();
  }

  /** Writes that failed on connectivity (retried without bound). */
  public long transientFailures() {
    return transientFailures.get();
  }

  /** Writes that failed ABORTED or in a serialization conflict (retries bounded). */
  public long abortedFailures() {
    return abortedFailures.get();
  }

  /** Transactions that changed nothing because another writer had moved the offsets. */
  public long fencedTransactions() {
    return fenced.get();
  }

  void rejected(int count) {
    rejected.addAndGet(count);
  }

  /** Changes written (upserts and deletes). */
  public long rows() {
    return rows.get();
  }

  /** Committed Data API transactions (BatchExecuteStatement calls that finished). */
  public long transactions() {
    return transactions.get();
  }

  /** Changes screened out as bad records. */
  public long rejected() {
    return rejected.get();
  }

  public long transactionNanos() {
    return transactionNanos.get();
  }

  public long maxTransactionNanos() {
    return maxTransactionNanos.get();
  }
}
