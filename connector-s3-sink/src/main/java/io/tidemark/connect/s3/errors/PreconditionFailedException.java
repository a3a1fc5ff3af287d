package io.tidemark.connect.s3.errors;

/**
 * A conditional write found the object changed since this writer last saw it (S3's 412, or 404 for
 * If-Match on a deleted object): another writer owns it now. Never retried.
 */
public class PreconditionFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PreconditionFailedException(String message) {
    super(message);
  }
}
