package io.tidemark.connect.s3.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters of one task. The task thread updates them; JMX reads them from other threads, so every
 * field is atomic. The buffer gauge is read through a supplier (the task's buffer budget).
 */
public final class TaskMetrics implements TaskMetricsMBean {

  private final LongAdder records = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder objects = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder uploads = new LongAdder();
  private final LongAdder uploadNanosTotal = new LongAdder();
  private final AtomicLong uploadNanosMax = new AtomicLong();
  private final AtomicLong uploadNanosLast = new AtomicLong();
  private volatile LongSupplier bufferBytes = () -> 0L;

  /** An object landed with {@code recordCount} records and {@code byteCount} bytes. */
  public void objectCommitted(long recordCount, long byteCount) {
    records.add(recordCount);
    bytes.add(byteCount);
    objects.increment();
  }

  /** Making one object visible took {@code nanos}. */
  public void uploadTimed(long nanos) {
    long n = Math.max(0, nanos);
    uploads.increment();
    uploadNanosTotal.add(n);
    uploadNanosLast.set(n);
    uploadNanosMax.accumulateAndGet(n, Math::max);
  }

  /** An S3 call failed transiently and is about to be tried again. */
  public void retried() {
    retries.increment();
  }

  /** Where the buffer gauge reads from. */
  public void bufferBytes(LongSupplier supplier) {
    this.bufferBytes = supplier;
  }

  @Override
  public long getRecordsWritten() {
    return records.sum();
  }

  @Override
  public long getBytesWritten() {
    return bytes.sum();
  }

  @Override
  public long getObjectsCommitted() {
    return objects.sum();
  }

  @Override
  public long getBufferBytesInUse() {
    return bufferBytes.getAsLong();
  }

  @Override
  public long getUploadCount() {
    return uploads.sum();
  }

  @Override
  public double getUploadLatencyAvgMs() {
    long n = uploads.sum();
    return n == 0 ? 0.0 : uploadNanosTotal.sum() / (double) n / 1_000_000.0;
  }

  @Override
  public double getUploadLatencyMaxMs() {
    return uploadNanosMax.get() / 1_000_000.0;
  }

  @Override
  public double getUploadLatencyLastMs() {
    return uploadNanosLast.get() / 1_000_000.0;
  }

  @Override
  public long getRetries() {
    return retries.sum();
  }
}
