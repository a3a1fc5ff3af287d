package io.tidemark.connect.s3.sink;

import io.tidemark.connect.s3.store.InMemoryObjectStore;
import io.tidemark.connect.s3.store.ObjectStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.errors.RetriableException;

/** An in-memory store whose next calls fail the way the S3 adapter reports exhausted retries. */
final class FlakyStore implements ObjectStore {

  private final InMemoryObjectStore delegate = new InMemoryObjectStore();
  private int failures;
  private boolean outage;

  void failNext(int calls) {
    failures = calls;
  }

  /** Every call fails, multipart ones included, until it is switched off. */
  void outage(boolean on) {
    outage = on;
  }

  private void maybeFail(String op, String key) {
    if (outage) {
      throw new RetriableException("S3 " + op + " of " + key + " failed 5 times (outage)");
    }
    if (failures > 0) {
      failures--;
      throw new RetriableException("S3 " + op + " of " + key + " failed 5 times");
    }
  }

  @Override
  public String bucket() {
    return delegate.bucket();
  }

  @Override
  public void put(String key, byte[] data) {
    maybeFail("PUT", key);
    delegate.put(key, data);
  }

  @Override
  public Optional<byte[]> get(String key) {
    maybeFail("GET", key);
    return delegate.get(key);
  }

  @Override
  public Optional<Versioned> getVersioned(String key) {
    maybeFail("GET", key);
    return delegate.getVersioned(key);
  }

  @Override
  public String putIfMatch(String key, byte[] data, String expectedEtag) {
    maybeFail("PUT", key);
    return delegate.putIfMatch(key, data, expectedEtag);
  }

  @Override
  public Optional<Long> size(String key) {
    maybeFail("HEAD", key);
    return delegate.size(key);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public List<String> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public MultipartUpload startMultipart(String key) throws IOException {
    maybeFail("CREATE UPLOAD", key);
    MultipartUpload upload = delegate.startMultipart(key);
    return new MultipartUpload() {
      @Override
      public String key() {
        return key;
      }

      @Override
      public void uploadPart(java.io.InputStream data, long length) throws IOException {
        maybeFail("UPLOAD PART", key);
        upload.uploadPart(data, length);
      }

      @Override
      public void complete() throws IOException {
        maybeFail("COMPLETE UPLOAD", key);
        upload.complete();
      }

      @Override
      public void abort() throws IOException {
        maybeFail("ABORT UPLOAD", key);
        upload.abort();
      }
    };
  }
}
