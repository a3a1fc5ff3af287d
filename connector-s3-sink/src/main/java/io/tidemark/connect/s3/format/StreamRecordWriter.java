package io.tidemark.connect.s3.format;

import java.io.IOException;
import java.io.OutputStream;

/**
 * What every format writer shares: the file's schema, the row count, and the counted stream the
 * encoded bytes go to. Subclasses encode rows and finish the file.
 */
abstract class StreamRecordWriter implements RecordWriter {
  final RowSchema schema;
  final CountingOutputStream raw;
  private long records;

  StreamRecordWriter(RowSchema schema, OutputStream out) {
    this.schema = schema;
    this.raw = new CountingOutputStream(out);
  }

  /** Subclasses call this after each row is handed to the encoder. */
  final void countRow() {
    records++;
  }

  @Override
  public final long recordCount() {
    return records;
  }

  @Override
  public final long bytesWritten() {
    return raw.count();
  }

  @Override
  public long bufferedBytes() {
    return 0;
  }

  @Override
  public final RowSchema schema() {
    return schema;
  }

  @Override
  public final void abort() {
    try {
      raw.close();
    } catch (IOException ignored) {
      // aborting: nothing useful left to do with the stream
    }
  }
}
