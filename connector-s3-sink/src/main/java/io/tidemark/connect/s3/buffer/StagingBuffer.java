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

/**
 * Bytes of a file that is still being gathered, counted against the task's {@link BufferBudget}.
 * When the budget asks for memory back, the bytes are appended to a local spill file, which is
 * opened only for the append so that a thousand staged files do not hold a thousand descriptors.
 * {@link #read()} gives everything back in order (spilled bytes first). Not thread-safe.
 */
public final class StagingBuffer extends OutputStream implements BufferBudget.Holder {

  private final BufferBudget budget;
  private final Path spillDir;
  private ByteArrayOutputStream memory = new ByteArrayOutputStream(256);
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
    return spilledBytes + memory.size();
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
    if (discarded) {
      throw new IOException("staging buffer discarded");
    }
    memory.write(b, off, len);
    budget.reserve(len);
    budget.enforce();
  }

  @Override
  public void release() throws IOException {
    if (spillFile == null) {
      Files.createDirectories(spillDir);
      spillFile = Files.createTempFile(spillDir, "tidemark-", ".staged");
    }
    try (OutputStream out = Files.newOutputStream(spillFile, StandardOpenOption.APPEND)) {
      memory.writeTo(out);
    }
    spilledBytes += memory.size();
    dropMemory();
  }

  /** Everything staged, in the order it was written. */
  public InputStream read() throws IOException {
    InputStream mem = new ByteArrayInputStream(memory.toByteArray());
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

  private void dropMemory() {
    budget.free(memory.size());
    memory = new ByteArrayOutputStream(256);
  }
}
