package io.tidemark.connect.s3.sink;

import io.tidemark.connect.s3.buffer.PartBuffer;
import io.tidemark.connect.s3.buffer.StagingBuffer;
import io.tidemark.connect.s3.commit.LandedObject;
import io.tidemark.connect.s3.commit.OffsetRuns;
import io.tidemark.connect.s3.events.KeyRanges;
import io.tidemark.connect.s3.format.RecordWriter;
import io.tidemark.connect.s3.format.Row;
import io.tidemark.connect.s3.format.RowCodec;
import io.tidemark.connect.s3.format.RowSchema;
import io.tidemark.connect.s3.partition.Partition;
import io.tidemark.connect.s3.rotation.FileStats;
import io.tidemark.connect.s3.store.Deadline;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;

/**
 * A file being written: its partition, offsets, and its bytes in one of two phases.
 *
 * <p>A format writer costs memory just by being open (a Parquet writer with dictionaries about 24
 * KiB per column, a gzip stream 64 KiB of buffer plus its deflater), so a task with a thousand open
 * partitions cannot afford one per file. A new file therefore starts <em>staged</em>: its rows go
 * in a compact binary form ({@link RowCodec}) into a {@link StagingBuffer} counted against the
 * task's budget and spilled to disk under pressure. Only when the staged bytes pass {@code
 * promoteBytes}, or when the file lands, does it become <em>direct</em>: the format writer is
 * opened over a {@link PartBuffer} (multipart upload), the staged rows are replayed into it and
 * later rows go straight through. Small files thus never hold a writer while they wait; big files
 * stream after their first chunk.
 */
final class OpenFile {

  final Partition partition;
  final String folder;
  final String key;

  /**
   * Which offsets of the partition the file holds (others went to other folders or were skipped).
   */
  final OffsetRuns.Builder runs = new OffsetRuns.Builder();

  /** The object's folder: {@link LandedObject#location()} of what it lands as. */
  final String location;

  final RowSchema schema;
  final long startOffset;
  final Instant openedAt;
  final Long firstRecordTimeMs;
  long endOffset;

  private final WriterSetup s;
  private final long promoteBytes;
  private final KeyRanges keyRanges;
  private StagingBuffer staged;
  private long stagedRows;
  private PartBuffer buffer;
  private RecordWriter writer;
  private long overheadBytes;
  private final ByteArrayOutputStream scratch = new ByteArrayOutputStream(512);
  private final DataOutputStream scratchOut = new DataOutputStream(scratch);
  // Schemaless records of one shape share one RowSchema instance: checked once, not per record.
  private RowSchema lastFitting;

  OpenFile(
      WriterSetup s,
      String folder,
      Partition partition,
      String key,
      RowSchema schema,
      long startOffset,
      Instant openedAt,
      Long firstRecordTimeMs,
      long promoteBytes) {
    this.s = s;
    this.partition = partition;
    this.folder = folder;
    this.key = key;
    this.location = key.substring(0, Math.max(0, key.lastIndexOf('/')));
    this.schema = schema;
    this.startOffset = startOffset;
    this.endOffset = startOffset;
    this.openedAt = openedAt;
    this.firstRecordTimeMs = firstRecordTimeMs;
    this.promoteBytes = promoteBytes;
    this.staged = new StagingBuffer(s.budget(), s.spillDir());
    this.keyRanges = new KeyRanges(s.keyRangeFields());
  }

  /** True when {@code row} may be appended to this file ({@link MappedRow#fits}). */
  boolean accepts(MappedRow row) {
    if (row.schema() == lastFitting) {
      return true;
    }
    if (row.fits(schema)) {
      lastFitting = row.schema();
      return true;
    }
    return false;
  }

  /** Staged bytes at which a file gets its format writer: 1 MiB, less under a small budget. */
  static long promoteBytes(long budgetBytes) {
    return Math.max(64 * 1024, Math.min(1024 * 1024, budgetBytes / 16));
  }

  /**
   * Writes a row; a row the format cannot hold is a {@code DataException} and nothing is written.
   */
  void write(Row row) throws IOException {
    if (writer != null) {
      writer.write(row);
      keyRanges.observe(row);
      return;
    }
    s.writers().checkRow(schema, row);
    scratch.reset();
    RowCodec.encode(schema, row, scratchOut);
    staged.write(scratch.toByteArray(), 0, scratch.size());
    stagedRows++;
    keyRanges.observe(row);
    if (staged.size() >= promoteBytes) {
      promote();
    }
  }

  /** The commit event's key ranges of the rows written so far (null: none configured or known). */
  Map<String, KeyRanges.Range> keyRanges() {
    return keyRanges.result();
  }

  boolean hasWriter() {
    return writer != null;
  }

  FileStats stats() {
    if (writer == null) {
      return new FileStats(stagedRows, staged.size(), openedAt, firstRecordTimeMs);
    }
    return new FileStats(
        writer.recordCount(), buffer.size() + writer.bufferedBytes(), openedAt, firstRecordTimeMs);
  }

  /** Memory the open format writer holds outside the budget (zero while staged). */
  long writerMemory() {
    return writer == null ? 0 : overheadBytes + writer.bufferedBytes();
  }

  /** Finishes the file (footer, last part); the object stays invisible until {@link #publish()}. */
  LandedObject finish() throws IOException {
    if (writer == null) {
      promote();
    }
    writer.close();
    return new LandedObject(
        key,
        partition.path(),
        startOffset,
        endOffset,
        writer.recordCount(),
        buffer.size(),
        folder,
        runs.build());
  }

  void publish(Deadline deadline) throws IOException {
    buffer.publish(deadline);
  }

  /**
   * Lets go of the writer and buffers once the file has landed. A closed Parquet writer still
   * references its column stores, and a scheduled rotation lands a thousand files in one loop that
   * holds every OpenFile until it ends: without this, their writers' memory stays live.
   */
  void release() {
    writer = null;
    buffer = null;
    staged = null;
  }

  /**
   * Drops the file; never throws, and never uploads: the buffer is discarded BEFORE the format
   * writer is aborted, because closing the writer's stream would otherwise flush its last part to
   * S3 (and during an outage throw out of a rewind).
   */
  void discard() {
    if (staged != null) {
      staged.discard();
    }
    if (buffer != null) {
      try {
        buffer.discard();
      } catch (IOException | RuntimeException e) {
        // The upload stays unfinished: the bucket's AbortIncompleteMultipartUpload rule removes it.
      }
    }
    if (writer != null) {
      try {
        writer.abort();
      } catch (RuntimeException e) {
        // Its stream is already discarded: nothing to save.
      }
    }
  }

  /** Opens the format writer and replays the staged rows into it. */
  private void promote() throws IOException {
    buffer = new PartBuffer(s.store(), key, s.budget(), s.partSizeBytes(), s.spillDir());
    try {
      writer = s.writers().create(schema, buffer);
      overheadBytes = s.writers().overheadBytes(schema);
    } catch (IOException | RuntimeException e) {
      buffer.discard();
      buffer = null;
      throw e;
    }
    try (InputStream in = staged.read();
        DataInputStream rows = new DataInputStream(new BufferedInputStream(in, 64 * 1024))) {
      for (long i = 0; i < stagedRows; i++) {
        writer.write(RowCodec.decode(schema, rows));
      }
    } catch (DataException e) {
      // RowCodec checked each row when it was staged: the format disagrees, which is a bug here.
      throw new ConnectException(
          "A staged row of "
              + key
              + " was rejected by the "
              + s.writers().format()
              + " writer: "
              + e.getMessage(),
          e);
    }
    staged.discard();
    staged = null;
  }
}
