package io.tidemark.connect.s3.metrics;

/**
 * The JMX view of {@link TaskMetrics}: attribute names are the getters without {@code get}
 * (documented in the README, "Metrics").
 */
public interface TaskMetricsMBean {

  /** Records in objects that landed (visible in S3 and recorded in the marker). */
  long getRecordsWritten();

  /** Bytes of objects that landed. */
  long getBytesWritten();

  /** Objects that landed. */
  long getObjectsCommitted();

  /**
   * Bytes the open files' part buffers hold in memory now (counted against buffer.budget.bytes).
   */
  long getBufferBytesInUse();

  /** Making objects visible (PUT or multipart complete): how many were timed. */
  long getUploadCount();

  /** Mean upload latency in milliseconds, 0 before the first upload. */
  double getUploadLatencyAvgMs();

  /** Largest upload latency in milliseconds. */
  double getUploadLatencyMaxMs();

  /** Latency of the last upload in milliseconds. */
  double getUploadLatencyLastMs();

  /** S3 calls retried after a transient failure (one per backoff). */
  long getRetries();
}
