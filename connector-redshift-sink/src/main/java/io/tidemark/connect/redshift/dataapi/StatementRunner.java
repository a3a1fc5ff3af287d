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
   * Runs {@code statements} as one transaction and returns the rows each statement affected or
   * returned, in order (-1 where unknown; empty when the runner cannot tell). {@code clientToken}
   * makes a retried submission of the same batch idempotent. When it throws, the batch did not
   * commit, or its outcome is unknown (a lost reply): then the runner settles it (waits until it
   * ended) before its next call, so a read of the offsets table after a failure sees what it did.
   */
  List<Long> executeBatch(List<String> statements, String clientToken);

  /**
   * Runs one statement on its own, outside any transaction block (the Data API's ExecuteStatement):
   * for DDL Redshift refuses inside one, such as {@code ALTER TABLE ... ALTER COLUMN ... TYPE}.
   */
  default void executeAlone(String sql) {
    query(sql);
  }

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

  /**
   * Cancels the statement this runner is waiting for, if any, from another thread. The sink task
   * cannot use it to stop: Connect calls {@code SinkTask.stop()} only after {@code put()} returned,
   * when nothing is in flight. A cancel is a request: the statement may still commit.
   */
  void cancelRunning();

  @Override
  void close();
}
