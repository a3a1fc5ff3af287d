package io.tidemark.connect.athena.run;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one task, exposed over JMX ({@link MergeStatsMBean}) and read by tests. Bytes scanned
 * is what Athena bills (Trino: physical input bytes).
 */
public final class MergeStats implements MergeStatsMBean {

  private final AtomicLong merges = new AtomicLong();
  private final AtomicLong objectsMerged = new AtomicLong();
  private final AtomicLong bytesScanned = new AtomicLong();
  private final AtomicLong lastMergeBytesScanned = new AtomicLong(-1);
  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong splits = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  void statement(long scanned) {
    statements.incrementAndGet();
    if (scanned > 0) {
      bytesScanned.addAndGet(scanned);
    }
  }

  void merge(int objects, long scanned) {
    merges.incrementAndGet();
    objectsMerged.addAndGet(objects);
    lastMergeBytesScanned.set(scanned);
  }

  void split() {
    splits.incrementAndGet();
  }

  public void failure() {
    failures.incrementAndGet();
  }

  @Override
  public long getMerges() {
    return merges.get();
  }

  @Override
  public long getObjectsMerged() {
    return objectsMerged.get();
  }

  @Override
  public long getBytesScanned() {
    return bytesScanned.get();
  }

  @Override
  public long getLastMergeBytesScanned() {
    return lastMergeBytesScanned.get();
  }

  @Override
  public long getStatements() {
    return statements.get();
  }

  @Override
  public long getSplits() {
    return splits.get();
  }

  @Override
  public long getFailures() {
    return failures.get();
  }
}
