package io.tidemark.connect.s3.format;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** Creates the {@link RecordWriter} for a format, compression and schema. */
public final class RecordWriters {

  private final Format format;
  private final Compression compression;
  private final long parquetRowGroupBytes;

  public RecordWriters(Format format, Compression compression, long parquetRowGroupBytes) {
    if (!format.supports(compression)) {
      throw new IllegalArgumentException(format + " does not support " + compression
          + " compression; supported: " + format.compressions());
    }
    this.format = format;
    this.compression = compression;
    this.parquetRowGroupBytes = parquetRowGroupBytes;
  }

  public Format format() {
    return format;
  }

  public Compression compression() {
    return compression;
  }

  /** Object key extension without the dot, e.g. {@code jsonl.gz}. */
  public String extension() {
    return format.extension(compression);
  }

  /** A writer that writes a new file of {@code schema} to {@code out}. */
  public RecordWriter create(RowSchema schema, OutputStream out) throws IOException {
    switch (format) {
      case JSONL:
        return new JsonLinesWriter(schema, out, this::compress);
      case CSV:
        return new CsvWriter(schema, out, this::compress);
      case AVRO:
        return new AvroRecordWriter(schema, out, compression);
      case PARQUET:
        return new ParquetRecordWriter(schema, out, compression, parquetRowGroupBytes);
      default:
        throw new IllegalStateException(format.name());
    }
  }

  /** Wraps a stream for text formats. */
  interface StreamCompressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private OutputStream compress(OutputStream out) throws IOException {
    switch (compression) {
      case NONE:
        return out;
      case GZIP:
        return new GZIPOutputStream(out, 64 * 1024);
      case ZSTD:
        return new ZstdOutputStream(out, 3);
      default:
        throw new IllegalStateException(compression + " for " + format);
    }
  }
}
