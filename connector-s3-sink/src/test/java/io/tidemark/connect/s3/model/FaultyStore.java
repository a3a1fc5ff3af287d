package io.tidemark.connect.s3.model;

import io.tidemark.connect.s3.store.InMemoryObjectStore;
import io.tidemark.connect.s3.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * An object store whose calls fail at a set rate, as S3 does after the adapter's retries are used
 * up: either BEFORE the call takes effect or AFTER it (the effect happened, the reply was lost).
 * Reads only fail before: a lost read changes nothing.
 */
public final class FaultyStore implements ObjectStore {

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final Random random;
  private double rate;
  private double killRate;
  public int faultsBefore;
  public int rejectedConditionalWrites;
  public int faultsAfter;

  /** The worker process dies in the middle of a store call (SIGKILL): nothing in it runs on. */
  public static final class Sigkill extends Error {
    private static final long serialVersionUID = 1L;

    Sigkill(String where) {
      super("SIGKILL " + where);
    }
  }

  public FaultyStore(Random random) {
    this.random = random;
  }

  public void faultRate(double rate) {
    this.rate = rate;
  }

  /** How often a write kills the worker, before or after its effect. */
  public void killRate(double killRate) {
    this.killRate = killRate;
  }

  public InMemoryObjectStore inner() {
    return store;
  }

  private void before(String op, String key) {
    if (killRate > 0 && random.nextDouble() < killRate / 2) {
      throw new Sigkill("before " + op + " " + key);
    }
    if (rate > 0 && random.nextDouble() < rate / 2) {
      faultsBefore++;
      throw new RetriableException("injected: " + op + " " + key + " failed before its effect");
    }
  }

  private void after(String op, String key) {
    if (killRate > 0 && random.nextDouble() < killRate / 2) {
      throw new Sigkill("after " + op + " " + key);
    }
    if (rate > 0 && random.nextDouble() < rate / 2) {
      faultsAfter++;
      throw new RetriableException("injected: " + op + " " + key + " took effect, reply lost");
    }
  }

  @Override
  public String bucket() {
    return store.bucket();
  }

  private static final boolean TRACE = Boolean.getBoolean("tidemark.model.trace");

  private static void trace(String op, String key, byte[] data) {
    if (TRACE) {
      System.out.println(
          "STORE "
              + op
              + " "
              + key
              + (data == null || key.contains("/partition=") ? "" : " " + new String(data)));
    }
  }

  @Override
  public void put(String key, byte[] data) {
    before("PUT", key);
    trace("PUT", key, data);
    store.put(key, data);
    after("PUT", key);
  }

  @Override
  public Optional<byte[]> get(String key) {
    before("GET", key);
    return store.get(key);
  }

  @Override
  public Optional<Versioned> getVersioned(String key) {
    before("GET", key);
    return store.getVersioned(key);
  }

  /**
   * The lost reply is handled as S3ObjectStore does it: the retry's failed condition is checked
   * against the object's content, here folded into the call (what the caller sees is the same).
   */
  @Override
  public String putIfMatch(String key, byte[] data, String expectedEtag) {
    before("PUT", key);
    trace("PUT IF " + expectedEtag, key, data);
    String etag;
    try {
      etag = store.putIfMatch(key, data, expectedEtag);
    } catch (io.tidemark.connect.s3.errors.PreconditionFailedException e) {
      rejectedConditionalWrites++;
      throw e;
    }
    after("PUT", key);
    return etag;
  }

  @Override
  public Optional<Long> size(String key) {
    before("HEAD", key);
    return store.size(key);
  }

  @Override
  public void delete(String key) {
    before("DELETE", key);
    trace("DELETE", key, null);
    store.delete(key);
    after("DELETE", key);
  }

  @Override
  public List<String> list(String prefix) {
    before("LIST", prefix);
    return store.list(prefix);
  }

  @Override
  public MultipartUpload startMultipart(String key) {
    before("CREATE UPLOAD", key);
    MultipartUpload upload = store.startMultipart(key);
    after("CREATE UPLOAD", key);
    return new MultipartUpload() {
      @Override
      public String key() {
        return key;
      }

      @Override
      public void uploadPart(InputStream data, long length) throws IOException {
        before("UPLOAD PART", key);
        upload.uploadPart(data, length);
        after("UPLOAD PART", key);
      }

      @Override
      public void complete() throws IOException {
        before("COMPLETE UPLOAD", key);
        trace("COMPLETE", key, null);
        upload.complete();
        after("COMPLETE UPLOAD", key);
      }

      @Override
      public void abort() throws IOException {
        before("ABORT UPLOAD", key);
        upload.abort();
        after("ABORT UPLOAD", key);
      }
    };
  }
}
