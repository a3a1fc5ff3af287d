package io.tidemark.connect.s3.buffer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes of a file that is still being gathered, counted against the task's {@link BufferBudget}.
 * When the budget asks for memory back, the bytes are appended to a local spill file, which is
 * opened only for the append so that a thousand staged files do not hold a thousand descriptors.
 * {@link #read()} gives everything back in order (spilled bytes first). Memory is held in chunks
 * that grow from 256 bytes to 64 KiB, and the budget counts the chunks' capacity, not just the
 * bytes in them, so what it counts is what the heap holds. Not thread-safe.
 */
public final class StagingBuffer extends OutputStream implements BufferBudget.Holder {

  private final BufferBudget budget;
  private final Path spillDir;
  private static final int FIRST_CHUNK = 256;
  private static final int MAX_CHUNK = 64 * 1024;

  private final List<byte[]> chunks = new ArrayList<>();
  private int lastUsed;
  private long memoryBytes;
  private long capacityBytes;
  private Path spillFile;
  private long spilledBytes;
  private boolean discarded;

  public StagingBuffer(BufferBudget budget, Path spillDir) {
    this.budget = budget;
    this.spillDir = spillDir;
    budget.register(this);
  }

  /** Bytes staged so far, in memory and spilled. */
  public long size() {
    return spilledBytes + memoryBytes;
  }

  /** Heap held, as counted against the budget: the chunks' capacity. */
  @Override
  public long memoryBytes() {
    return capacityBytes;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (discarded) {
      throw new IOException("staging buffer discarded");
    }
    while (len > 0) {
      byte[] last = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
      if (last == null || lastUsed == last.length) {
        int size = last == null ? FIRST_CHUNK : Math.min(MAX_CHUNK, last.length * 2);
        last = new byte[size];
        chunks.add(last);
        lastUsed = 0;
        capacityBytes += size;
        budget.reserve(size);
      }
      int n = Math.min(len, last.length - lastUsed);
      System.arraycopy(b, off, last, lastUsed, n);
      lastUsed += n;
      memoryBytes += n;
      off += n;
      len -= n;
    }
    budget.enforce();
  }

  @Override
  public void release() throws IOException {
    if (spillFile == null) {
      Files.createDirectories(spillDir);
      spillFile = Files.createTempFile(spillDir, "tidemark-", ".staged");
    }
    try (OutputStream out = Files.newOutputStream(spillFile, StandardOpenOption.APPEND)) {
      writeMemoryTo(out);
    }
    spilledBytes += memoryBytes;
    dropMemory();
  }

  /** Everything staged, in the order it was written. */
  public InputStream read() throws IOException {
    ByteArrayOutputStream copy = new ByteArrayOutputStream((int) memoryBytes);
    writeMemoryTo(copy);
    InputStream mem = new ByteArrayInputStream(copy.toByteArray());
    return spillFile == null ? mem : new SequenceInputStream(Files.newInputStream(spillFile), mem);
  }

  /** Frees the memory and deletes the spill file; the buffer cannot be used afterwards. */
  public void discard() {
    if (discarded) {
      return;
    }
    discarded = true;
    dropMemory();
    budget.unregister(this);
    if (spillFile != null) {
      try {
        Files.deleteIfExists(spillFile);
      } catch (IOException e) {
        // A leftover temp file in the spill folder; nothing reads it again.
      }
    }
  }

  private void writeMemoryTo(OutputStream out) throws IOException {
    for (int i = 0; i < chunks.size(); i++) {
      byte[] chunk = chunks.get(i);
      out.write(chunk, 0, i == chunks.size() - 1 ? lastUsed : chunk.length);
    }
  }

  private void dropMemory() {
    budget.free(capacityBytes);
    chunks.clear();
    lastUsed = 0;
    memoryBytes = 0;
    capacityBytes = 0;
  }
}
