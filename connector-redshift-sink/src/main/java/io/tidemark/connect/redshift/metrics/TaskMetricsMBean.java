package io.tidemark.connect.redshift.metrics;

/** What one sink task exposes over JMX. */
public interface TaskMetricsMBean {
  /** Changes written (upserts and deletes) in committed transactions. */
  long getRowsWritten();

  /** Committed transactions (one BatchExecuteStatement each). */
  long getBatchesCommitted();

  /**
   * Changes sent to the errant record reporter (or that failed the task) by the write-time screen.
   */
  long getRowsRejected();

  /** Data API requests: submits, DescribeStatement polls, result pages, retries. */
  long getDataApiCalls();

  /** Data API requests retried after throttling or a transient error. */
  long getDataApiRetries();

  /** Writes that failed on connectivity; Connect retries them without bound. */
  long getTransientWriteFailures();

  /**
   * Writes that failed ABORTED (WLM, a rule, the statement timeout) or in a serialization conflict;
   * bounded by redshift.transaction.abort.max.attempts in a row.
   */
  long getAbortedWriteFailures();

  /** Transactions that changed nothing because another task had committed first (fenced). */
  long getFencedTransactions();

  /** Mean time from submitting a transaction to its commit, in milliseconds. */
  double getTransactionLatencyAvgMs();

  double getTransactionLatencyMaxMs();
}
