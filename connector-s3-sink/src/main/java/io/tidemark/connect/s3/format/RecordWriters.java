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
      throw new IllegalArgumentException(
          format
              + " does not support "
              + compression
              + " compression; supported: "
              + format.compressions());
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
  /**
   * Fails with a {@code DataException} for a row this format cannot hold although the row codec can
   * (checked before a row is staged, so a file never holds a row its writer will refuse): a TIME
   * outside a day in Parquet or Avro.
   */
  public void checkRow(RowSchema schema, Row row) {
    if (format == Format.PARQUET || format == Format.AVRO) {
      checkTimes(schema.fields(), row, "");
    }
  }

  private static void checkTimes(java.util.List<Field> fields, Row row, String path) {
    for (Field f : fields) {
      Object v = row.get(f.name());
      String p = path.isEmpty() ? f.name() : path + "." + f.name();
      if (v instanceof Row nested && f.type().kind() == DataType.Kind.STRUCT) {
        checkTimes(f.type().fields(), nested, p);
      } else if (v != null) {
        ConnectRowConverter.checkedTimeOfDay(f.type(), v, p);
      }
    }
  }

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

  /**
   * Estimated memory an open writer of {@code schema} holds just by being open: Parquet's
   * per-column dictionaries and page buffers (about 24 KiB a leaf column, measured with
   * parquet-java 1.15), Avro's 64 KiB block, a gzip stream's 64 KiB buffer plus ~256 KiB of
   * deflater state, a zstd stream's ~2 MiB of level-3 context. Only compared between open files and
   * against the budget.
   */
  public long overheadBytes(RowSchema schema) {
    long codec;
    switch (compression) {
      case GZIP:
        codec = 320 * KIB;
        break;
      case ZSTD:
        codec = 2048 * KIB;
        break;
      case SNAPPY:
        codec = 64 * KIB;
        break;
      default:
        codec = 16 * KIB;
    }
    switch (format) {
      case PARQUET:
        return 24 * KIB * leafColumns(schema.asStruct());
      case AVRO:
        return 64 * KIB + codec;
      default:
        return codec;
    }
  }

  private static final long KIB = 1024;

  private static int leafColumns(DataType t) {
    switch (t.kind()) {
      case STRUCT:
        {
          int n = 0;
          for (Field f : t.fields()) {
            n += leafColumns(f.type());
          }
          return Math.max(n, 1);
        }
      case ARRAY:
        return leafColumns(t.element());
      case MAP:
        return 1 + leafColumns(t.element());
      default:
        return 1;
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
