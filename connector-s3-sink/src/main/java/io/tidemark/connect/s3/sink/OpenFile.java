package io.tidemark.connect.s3.sink;

import io.tidemark.connect.s3.buffer.PartBuffer;
import io.tidemark.connect.s3.commit.LandedObject;
import io.tidemark.connect.s3.format.RecordWriter;
import io.tidemark.connect.s3.partition.Partition;
import io.tidemark.connect.s3.rotation.FileStats;
import java.io.IOException;
import java.time.Instant;

/** A file being written: its partition, writer, buffer and the offsets it holds so far. */
final class OpenFile {

  final Partition partition;
  final PartBuffer buffer;
  final RecordWriter writer;
  final long startOffset;
  final Instant openedAt;
  final Long firstRecordTimeMs;
  long endOffset;

  OpenFile(Partition partition, PartBuffer buffer, RecordWriter writer, long startOffset, Instant openedAt,
      Long firstRecordTimeMs) {
    this.partition = partition;
    this.buffer = buffer;
    this.writer = writer;
    this.startOffset = startOffset;
    this.endOffset = startOffset;
    this.openedAt = openedAt;
    this.firstRecordTimeMs = firstRecordTimeMs;
  }

  FileStats stats() {
    return new FileStats(writer.recordCount(), buffer.size() + writer.bufferedBytes(), openedAt, firstRecordTimeMs);
  }

  /** Finishes the file (footer, last part); the object stays invisible until the buffer publishes. */
  LandedObject finish() throws IOException {
    writer.close();
    return new LandedObject(buffer.key(), partition.path(), startOffset, endOffset, writer.recordCount(),
        buffer.size());
  }

  void discard() {
    writer.abort();
    try {
      buffer.discard();
    } catch (IOException | RuntimeException e) {
      // The upload stays unfinished: the bucket's AbortIncompleteMultipartUpload rule removes it.
    }
  }
}
