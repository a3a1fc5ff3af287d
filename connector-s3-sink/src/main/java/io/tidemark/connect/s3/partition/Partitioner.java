package io.tidemark.connect.s3.partition;

/** Maps a record to the partition path its file lives under. */
public interface Partitioner {

  Partition partition(RecordContext record);

  /**
   * True when the same record always maps to the same partition (everything but wall-clock time).
   * The commit protocol relies on it to recognise replayed records (see README "Exactly once").
   */
  default boolean deterministic() {
    return true;
  }
}
