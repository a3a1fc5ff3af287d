package io.tidemark.connect.athena.engine;

/** What the caller should do about a failed statement. */
public enum ErrorClass {
  /** Transient (throttling, a service fault, ICEBERG_COMMIT_ERROR): retry with backoff. */
  RETRYABLE,
  /** Too large for one query (resources exhausted, query text too long): halve the batch. */
  SPLIT,
  /**
   * Writes more partitions than one query may (Athena, Trino: 100): slice it by target partition.
   */
  TOO_MANY_PARTITIONS,
  /** Wrong SQL, missing table, access denied: retrying cannot help. */
  FATAL,
  /** The query was cancelled (by us on stop, or by someone else). */
  CANCELLED
}
