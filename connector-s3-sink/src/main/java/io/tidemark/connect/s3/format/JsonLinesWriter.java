package io.tidemark.connect.s3.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/** One JSON object per line, fields in schema order, UTF-8, {@code \n} line ends. */
final class JsonLinesWriter implements RecordWriter {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private final RowSchema schema;
  private final CountingOutputStream raw;
  private final OutputStream compressed;
  private final JsonGenerator gen;
  private long records;

  JsonLinesWriter(RowSchema schema, OutputStream out, RecordWriters.StreamCompressor compressor)
      throws IOException {
    this.schema = schema;
    this.raw = new CountingOutputStream(out);
    this.compressed = compressor.wrap(raw);
    this.gen = FACTORY.createGenerator(compressed);
    gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    gen.setRootValueSeparator(null);
  }

  @Override
  public void write(Row row) throws IOException {
    TextValues.writeRow(gen, schema.fields(), row, false);
    gen.writeRaw('\n');
    gen.flush();
    records++;
  }

  @Override
  public long recordCount() {
    return records;
  }

  @Override
  public long bytesWritten() {
    return raw.count();
  }

  @Override
  public long bufferedBytes() {
    return 0;
  }

  @Override
  public RowSchema schema() {
    return schema;
  }

  @Override
  public void close() throws IOException {
    gen.close();
    compressed.close();
  }

  @Override
  public void abort() {
    try {
      raw.close();
    } catch (IOException ignored) {
      // aborting: nothing useful left to do with the stream
    }
  }
}
