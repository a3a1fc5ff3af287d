package io.tidemark.connect.s3.rotation;

/** Closes a file once it holds {@code maxRecords} records. */
public final class RecordCountRotation implements RotationPolicy {

  private final long maxRecords;

  public RecordCountRotation(long maxRecords) {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be at least 1");
    }
    this.maxRecords = maxRecords;
  }

  @Override
  public boolean rotateAfter(FileStats file) {
    return file.recordCount() >= maxRecords;
  }
}
