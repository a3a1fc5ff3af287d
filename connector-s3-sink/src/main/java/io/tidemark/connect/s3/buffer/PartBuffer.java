package io.tidemark.connect.s3.buffer;

import io.tidemark.connect.s3.store.Deadline;
import io.tidemark.connect.s3.store.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The stream a file writer writes into. Bytes collect in memory counted against the {@link
 * BufferBudget}; whenever {@code partSize} bytes are together (memory plus spill file) they go to
 * S3 as one multipart part (parts are invisible until completion). When the budget asks for memory
 * back and less than a part is buffered, the bytes spill to a local temp file instead.
 *
 * <p>{@link #close()} does NOT make the object visible: it returns nothing and leaves the data
 * pending until {@link #publish()} (single PUT for small files, complete-multipart otherwise), so
 * the commit protocol can record the object first. {@link #discard()} drops everything.
 */
public final class PartBuffer extends OutputStream implements BufferBudget.Holder {

  /** S3's smallest part size except for the last part. */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  private final ObjectStore store;
  private final String key;
  private final BufferBudget budget;
  private final long partSize;
  private final Path spillDir;
  private ByteArrayOutputStream memory = new ByteArrayOutputStream(8 * 1024);
  private Path spillFile;
  private OutputStream spillOut;
  private long spilledBytes;
  private ObjectStore.MultipartUpload upload;
  private long totalBytes;
  private boolean closed;
  private boolean finished;

  public PartBuffer(
      ObjectStore store, String key, BufferBudget budget, long partSize, Path spillDir) {
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("part size must be at least 5 MiB");
    }
    this.store = store;
    this.key = key;
    this.budget = budget;
    this.partSize = partSize;
    this.spillDir = spillDir;
    budget.register(this);
  }

  public String key() {
    return key;
  }

  /** Bytes written so far. */
  public long size() {
    return totalBytes;
  }

  @Override
  public long memoryBytes() {
    return memory.size();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    memory.write(b, off, len);
    totalBytes += len;
    budget.reserve(len);
    if (memory.size() + spilledBytes >= partSize) {
      uploadPart();
    }
    budget.enforce();
  }

  @Override
  public void release() throws IOException {
    if (memory.size() + spilledBytes >= partSize) {
      uploadPart();
    } else {
      spill();
    }
  }

  private void spill() throws IOException {
    if (spillOut == null) {
      Files.createDirectories(spillDir);
      spillFile = Files.createTempFile(spillDir, "tidemark-", ".part");
      spillOut = Files.newOutputStream(spillFile, StandardOpenOption.APPEND);
    }
    memory.writeTo(spillOut);
    spillOut.flush();
    spilledBytes += memory.size();
    dropMemory();
  }

  private void uploadPart() throws IOException {
    if (upload == null) {
      upload = store.startMultipart(key);
    }
    long length = spilledBytes + memory.size();
    InputStream mem = new ByteArrayInputStream(memory.toByteArray());
    if (spillOut != null) {
      spillOut.close();
      try (InputStream disk = Files.newInputStream(spillFile)) {
        upload.uploadPart(new SequenceInputStream(disk, mem), length);
      }
      Files.deleteIfExists(spillFile);
      spillOut = null;
      spillFile = null;
      spilledBytes = 0;
    } else {
      upload.uploadPart(mem, length);
    }
    dropMemory();
  }

  private void dropMemory() {
    budget.free(memory.size());
    memory = new ByteArrayOutputStream(8 * 1024);
  }

  /** Ends writing; the data stays pending. Uploads the last part when a multipart upload runs. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (upload != null || spillOut != null) {
      uploadPart();
    }
  }

  /** Makes the object visible at {@link #key()}, unless {@code deadline} has passed. */
  public void publish(Deadline deadline) throws IOException {
    if (!closed) {
      close();
    }
    if (finished) {
      return;
    }
    if (upload != null) {
      upload.complete(deadline);
    } else {
      store.put(key, memory.toByteArray(), deadline);
      dropMemory();
    }
    finish();
  }

  /** Drops the data: aborts the upload and deletes the spill file. */
  public void discard() throws IOException {
    closed = true;
    if (finished) {
      return;
    }
    try {
      if (upload != null) {
        upload.abort();
      }
      if (spillOut != null) {
        spillOut.close();
      }
      if (spillFile != null) {
        Files.deleteIfExists(spillFile);
      }
    } finally {
      dropMemory();
      finish();
    }
  }

  private void finish() {
    finished = true;
    budget.unregister(this);
  }
}
