package io.tidemark.connect.redshift.staging;

import java.util.List;

/**
 * The port through which the copy load path stages files: put an object, delete objects. The S3
 * adapter is {@link S3StagingStore}; unit tests use an in-memory map.
 */
public interface StagingStore extends AutoCloseable {

  /** The bucket objects go to (the {@code s3://bucket/} of COPY's manifest URLs). */
  String bucket();

  void put(String key, byte[] body);

  /** Deletes {@code keys}; missing keys are not an error. */
  void delete(List<String> keys);

  @Override
  void close();
}
