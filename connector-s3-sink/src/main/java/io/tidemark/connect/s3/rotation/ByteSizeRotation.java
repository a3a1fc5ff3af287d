package io.tidemark.connect.s3.rotation;

/** Closes a file once it reaches {@code maxBytes} (compressed, including writer buffers). */
public final class ByteSizeRotation implements RotationPolicy {

  private final long maxBytes;

  public ByteSizeRotation(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1");
    }
    this.maxBytes = maxBytes;
  }

  @Override
  public boolean rotateAfter(FileStats file) {
    return file.bytes() >= maxBytes;
  }
}
