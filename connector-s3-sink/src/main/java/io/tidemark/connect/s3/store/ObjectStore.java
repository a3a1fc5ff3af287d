package io.tidemark.connect.s3.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The port to object storage (S3 in production, an in-memory fake in unit tests). Keys are full
 * object keys inside one bucket. An object becomes visible atomically: by {@link #put} or by {@link
 * MultipartUpload#complete()}; parts of an unfinished upload are never visible.
 */
public interface ObjectStore extends AutoCloseable {

  /** The bucket, for commit events. */
  String bucket();

  void put(String key, byte[] data) throws IOException;

  /**
   * As {@link #put}, but never sent once {@code deadline} has passed (a {@code RetriableException}
   * instead). Adapters also bound each attempt by the time left.
   */
  default void put(String key, byte[] data, Deadline deadline) throws IOException {
    refuseAfter(deadline, key);
    put(key, data);
  }

  /** Throws when {@code deadline} has passed: the write must not happen any more. */
  static void refuseAfter(Deadline deadline, String key) {
    if (deadline.passed()) {
      throw new org.apache.kafka.connect.errors.RetriableException(
          "not writing " + key + ": its publish deadline " + deadline.at() + " has passed");
    }
  }

  Optional<byte[]> get(String key) throws IOException;

  /** An object's bytes and the ETag that names this version of it. */
  record Versioned(byte[] data, String etag) {}

  /** The object with its ETag, or empty when there is none. */
  Optional<Versioned> getVersioned(String key) throws IOException;

  /**
   * Writes the object only if it is still the version {@code expectedEtag} names, or, with {@code
   * null}, only if there is none (S3's If-Match / If-None-Match: *). Returns the new ETag. A write
   * whose reply was lost and whose retry then fails its condition is recognised by the object's
   * content. Throws {@link io.tidemark.connect.s3.errors.PreconditionFailedException} when another
   * writer changed the object.
   */
  String putIfMatch(String key, byte[] data, String expectedEtag) throws IOException;

  /** Size of the object, or empty when there is none. */
  Optional<Long> size(String key) throws IOException;

  /** Deletes the object and aborts unfinished multipart uploads to that key; idempotent. */
  void delete(String key) throws IOException;

  /**
   * Aborts the unfinished multipart uploads to {@code key}, leaving any object there alone;
   * idempotent. Nothing to do where uploads are not tracked by key.
   */
  default void abortUploads(String key) throws IOException {}

  /** Keys under {@code prefix}, in lexicographic order. */
  List<String> list(String prefix) throws IOException;

  MultipartUpload startMultipart(String key) throws IOException;

  /** Releases the client; nothing to release by default. */
  @Override
  default void close() {}

  /** An upload in progress. Parts are numbered in call order; all but the last are >= 5 MiB. */
  interface MultipartUpload {

    String key();

    void uploadPart(InputStream data, long length) throws IOException;

    /** Makes the object visible. */
    void complete() throws IOException;

    /** As {@link #complete()}, but never sent once {@code deadline} has passed. */
    default void complete(Deadline deadline) throws IOException {
      refuseAfter(deadline, key());
      complete();
    }

    /** Discards the parts; idempotent. */
    void abort() throws IOException;
  }
}
