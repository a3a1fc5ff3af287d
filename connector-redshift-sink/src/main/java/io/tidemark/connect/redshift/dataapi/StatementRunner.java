package io.tidemark.connect.redshift.dataapi;

import java.util.List;

/**
 * The port through which the sink runs SQL. An implementation runs a batch as one transaction and
 * returns only once it is committed, or throws what {@link DataApiErrors} says: {@link
 * org.apache.kafka.connect.errors.RetriableException} for transient faults, {@link
 * org.apache.kafka.connect.errors.ConnectException} otherwise.
 */
public interface StatementRunner extends AutoCloseable {

  /**
   * Runs {@code statements} as one transaction. {@code clientToken} makes a retried submission of
   * the same batch idempotent.
   */
  void executeBatch(List<String> statements, String clientToken);

  /** Runs one query and returns its rows, every value as text (SQL NULL as {@code null}). */
  List<List<String>> query(String sql);

  /**
   * Data API requests sent so far (submits, polls, result pages, retries included); 0 when not
   * counted.
   */
  default long calls() {
    return 0;
  }

  /** Requests retried after throttling or a transient error. */
  default long retries() {
    return 0;
  }

  /** Cancels the statement in flight, if any (used when the task stops). */
  void cancelRunning();

  @Override
  void close();
}
