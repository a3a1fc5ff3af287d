package io.tidemark.connect.s3.format;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes rows of one schema into one file over a plain {@code OutputStream}. Not thread-safe.
 *
 * <p>{@link #close()} finishes the file (footer, trailing compression frame) and closes the stream
 * it was given; {@link #abort()} releases resources without producing a valid file.
 */
public interface RecordWriter extends Closeable {

  /** Writes one row; a value that does not fit the schema is a {@code DataException}. */
  void write(Row row) throws IOException;

  /** Rows written so far. */
  long recordCount();

  /** Bytes handed to the underlying stream so far (compressed). */
  long bytesWritten();

  /**
   * Bytes the writer holds in memory that are not yet in the stream (e.g. a Parquet row group).
   * They count against the task's buffer budget.
   */
  long bufferedBytes();

  /** The schema of the file. */
  RowSchema schema();

  void abort();
}
