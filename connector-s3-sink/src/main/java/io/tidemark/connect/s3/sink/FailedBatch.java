package io.tidemark.connect.s3.sink;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The records of the last {@code put} that threw. Connect delivers exactly these objects again (its
 * {@code messageBatch}, less whatever a rebalance removed from it) for as long as {@code put}
 * throws; anything else was fetched after the seeks that put asked for had applied. Records are
 * compared by identity, not by coordinates: a record fetched again after a seek has the same
 * coordinates as the old one but is a new object, and which records a rebalance removes from
 * Connect's batch (by their topic after SMTs) need not be known.
 */
final class FailedBatch {

  static final FailedBatch NONE = new FailedBatch(Set.of());

  private final Set<Object> records;

  private FailedBatch(Set<Object> records) {
    this.records = records;
  }

  static FailedBatch of(Collection<IncomingRecord> batch) {
    Set<Object> records = Collections.newSetFromMap(new IdentityHashMap<>());
    for (IncomingRecord r : batch) {
      records.add(identity(r));
    }
    return new FailedBatch(records);
  }

  /**
   * Whether {@code batch} is (what is left of) this one delivered again. An empty batch never is:
   * when Connect's batch is empty it fetches, and what it fetches comes from the seeks.
   */
  boolean redeliveredAs(Collection<IncomingRecord> batch) {
    if (records.isEmpty() || batch.isEmpty()) {
      return false;
    }
    for (IncomingRecord r : batch) {
      if (!records.contains(identity(r))) {
        return false;
      }
    }
    return true;
  }

  /** The Connect record behind it (the same object on every redelivery), else the record itself. */
  private static Object identity(IncomingRecord r) {
    return r.handle() != null ? r.handle() : r;
  }
}
