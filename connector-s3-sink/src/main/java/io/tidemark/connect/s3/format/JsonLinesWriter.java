package io.tidemark.connect.s3.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/** One JSON object per line, fields in schema order, UTF-8, {@code \n} line ends. */
final class JsonLinesWriter extends StreamRecordWriter {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private final OutputStream compressed;
  private final JsonGenerator gen;

  JsonLinesWriter(RowSchema schema, OutputStream out, RecordWriters.StreamCompressor compressor)
      throws IOException {
    super(schema, out);
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
    countRow();
  }

  @Override
  public void close() throws IOException {
    gen.close();
    compressed.close();
  }
}
