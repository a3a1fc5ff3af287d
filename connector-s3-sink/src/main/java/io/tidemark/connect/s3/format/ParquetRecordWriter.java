package io.tidemark.connect.s3.format;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet file written through parquet-hadoop's {@link ParquetWriter} onto a plain stream: an
 * {@link OutputFile} over the stream, a {@link PlainParquetConfiguration} and {@link
 * StreamCodecFactory} keep Hadoop off the runtime class path (tests run without it).
 *
 * <p>Parquet keeps the current row group in memory until it reaches the row group size; that memory
 * is reported by {@link #bufferedBytes()} so the task's buffer budget can rotate the file.
 */
final class ParquetRecordWriter extends StreamRecordWriter {

  private final ParquetWriter<Row> writer;

  ParquetRecordWriter(
      RowSchema schema, OutputStream out, Compression compression, long rowGroupBytes)
      throws IOException {
    super(schema, out);
    RowWriteSupport support = new RowWriteSupport(schema, ParquetSchemas.toParquet(schema));
    this.writer =
        new Builder(new StreamOutputFile(raw), support)
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(new StreamCodecFactory())
            .withCompressionCodec(StreamCodecFactory.codecName(compression))
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withRowGroupSize(rowGroupBytes)
            .withPageSize((int) Math.min(1024 * 1024, Math.max(64 * 1024, rowGroupBytes / 8)))
            .withDictionaryEncoding(true)
            .build();
  }

  @Override
  public void write(Row row) throws IOException {
    writer.write(row);
    countRow();
  }

  @Override
  public long bufferedBytes() {
    return Math.max(0, writer.getDataSize() - raw.count());
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final WriteSupport<Row> support;

    Builder(OutputFile file, WriteSupport<Row> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(org.apache.parquet.conf.ParquetConfiguration conf) {
      return support;
    }
  }

  /** An {@link OutputFile} that is one already-open stream. */
  private static final class StreamOutputFile implements OutputFile {
    private final CountingOutputStream out;

    StreamOutputFile(CountingOutputStream out) {
      this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        @Override
        public long getPos() {
          return out.count();
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
