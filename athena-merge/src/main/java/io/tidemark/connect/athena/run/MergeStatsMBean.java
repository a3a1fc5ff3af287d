package io.tidemark.connect.athena.run;

/** JMX view of {@link MergeStats}: {@code io.tidemark:type=athena-merge,connector=<name>}. */
public interface MergeStatsMBean {

  /** Table MERGE statements that succeeded. */
  long getMerges();

  /** Landed objects covered by successful MERGEs. */
  long getObjectsMerged();

  /** Bytes scanned by every statement (MERGE, downstream, maintenance). */
  long getBytesScanned();

  /** Bytes scanned by the last MERGE; -1 before the first or when the engine does not say. */
  long getLastMergeBytesScanned();

  /** Statements that succeeded. */
  long getStatements();

  /** Batches halved or sliced after a SPLIT or TOO_MANY_PARTITIONS error. */
  long getSplits();

  /** Merge jobs that failed the task. */
  long getFailures();
}
