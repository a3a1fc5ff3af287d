package io.tidemark.connect.s3.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link ObjectStore} for unit tests of the pure layers, with crash injection: after
 * {@link #crashAfter(int)} mutating calls the next one throws {@link Crash} without taking effect,
 * as if the task died just before it.
 */
public final class InMemoryObjectStore implements ObjectStore {

  /** The simulated death of the task. */
  public static final class Crash extends RuntimeException {
    Crash() {
      super("simulated crash");
    }
  }

  private final TreeMap<String, byte[]> objects = new TreeMap<>();
  private final AtomicInteger mutationsLeft = new AtomicInteger(Integer.MAX_VALUE);
  private int openUploads;
  private long maxPartBytes;
  private final java.util.Map<String, List<Long>> partSizes = new java.util.HashMap<>();

  public synchronized void crashAfter(int mutations) {
    mutationsLeft.set(mutations);
  }

  public synchronized void noCrash() {
    mutationsLeft.set(Integer.MAX_VALUE);
  }

  private void mutate() {
    if (mutationsLeft.getAndDecrement() <= 0) {
      mutationsLeft.set(0);
      throw new Crash();
    }
  }

  @Override
  public String bucket() {
    return "test-bucket";
  }

  @Override
  public synchronized void put(String key, byte[] data) {
    mutate();
    objects.put(key, data.clone());
  }

  @Override
  public synchronized Optional<Versioned> getVersioned(String key) {
    return Optional.ofNullable(objects.get(key)).map(b -> new Versioned(b.clone(), etag(b)));
  }

  /** As S3: If-Match / If-None-Match: *, checked and applied atomically. */
  @Override
  public synchronized String putIfMatch(String key, byte[] data, String expectedEtag) {
    byte[] current = objects.get(key);
    boolean holds =
        expectedEtag == null
            ? current == null
            : current != null && etag(current).equals(expectedEtag);
    if (!holds) {
      throw new io.tidemark.connect.s3.errors.PreconditionFailedException(
          key + " was changed by another writer");
    }
    put(key, data);
    return etag(data);
  }

  /** S3's ETag of a single PUT: the MD5 of the bytes, quoted. */
  static String etag(byte[] data) {
    try {
      return "\""
          + java.util.HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("MD5").digest(data))
          + "\"";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized Optional<byte[]> get(String key) {
    return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
  }

  @Override
  public synchronized Optional<Long> size(String key) {
    return Optional.ofNullable(objects.get(key)).map(b -> (long) b.length);
  }

  @Override
  public synchronized void delete(String key) {
    mutate();
    objects.remove(key);
  }

  @Override
  public synchronized List<String> list(String prefix) {
    List<String> out = new ArrayList<>();
    for (String k : objects.tailMap(prefix, true).keySet()) {
      if (!k.startsWith(prefix)) {
        break;
      }
      out.add(k);
    }
    return out;
  }

  public synchronized int openUploads() {
    return openUploads;
  }

  /** Sizes of the parts of the last completed multipart upload to {@code key}. */
  public synchronized List<Long> partSizes(String key) {
    return partSizes.getOrDefault(key, List.of());
  }

  public synchronized long maxPartBytes() {
    return maxPartBytes;
  }

  @Override
  public synchronized MultipartUpload startMultipart(String key) {
    openUploads++;
    return new MultipartUpload() {
      private final ByteArrayOutputStream parts = new ByteArrayOutputStream();
      private final List<Long> sizes = new ArrayList<>();
      private boolean done;

      @Override
      public String key() {
        return key;
      }

      @Override
      public void uploadPart(InputStream data, long length) throws IOException {
        byte[] b = data.readNBytes((int) length);
        if (b.length != length) {
          throw new IOException("short part: " + b.length + " of " + length);
        }
        synchronized (InMemoryObjectStore.this) {
          maxPartBytes = Math.max(maxPartBytes, length);
        }
        sizes.add(length);
        parts.write(b);
      }

      @Override
      public void complete() {
        synchronized (InMemoryObjectStore.this) {
          mutate();
          objects.put(key, parts.toByteArray());
          partSizes.put(key, List.copyOf(sizes));
          finish();
        }
      }

      @Override
      public void abort() {
        synchronized (InMemoryObjectStore.this) {
          finish();
        }
      }

      private void finish() {
        if (!done) {
          done = true;
          openUploads--;
        }
      }
    };
  }
}
