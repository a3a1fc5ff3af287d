package io.tidemark.connect.s3.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.errors.DataException;

/**
 * RFC 4180 CSV: a header row of the schema's field names, then one line per row, columns in schema
 * order, {@code \n} line ends, UTF-8. A cell is quoted when it is empty or holds a comma, quote,
 * CR, LF or leading/trailing blank, with quotes doubled; null is an empty unquoted cell, so null
 * and the empty string stay apart ({@code ,,} versus {@code ,"",}).
 */
final class CsvWriter extends StreamRecordWriter {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Writer writer;

  CsvWriter(RowSchema schema, OutputStream out, RecordWriters.StreamCompressor compressor)
      throws IOException {
    super(schema, out);
    this.writer =
        new BufferedWriter(
            new OutputStreamWriter(compressor.wrap(raw), StandardCharsets.UTF_8), 16 * 1024);
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < schema.fields().size(); i++) {
      if (i > 0) {
        header.append(',');
      }
      appendCell(header, schema.fields().get(i).name());
    }
    writer.write(header.append('\n').toString());
  }

  @Override
  public void write(Row row) throws IOException {
    StringBuilder line = new StringBuilder(128);
    for (int i = 0; i < schema.fields().size(); i++) {
      Field f = schema.fields().get(i);
      if (i > 0) {
        line.append(',');
      }
      Object v = row.get(f.name());
      if (v == null) {
        if (!f.optional()) {
          throw new DataException("Field '" + f.name() + "' is required but null");
        }
        continue;
      }
      appendCell(
          line, f.type().isNested() ? json(f.type(), v) : TextValues.scalar(f.type(), v, true));
    }
    writer.write(line.append('\n').toString());
    writer.flush();
    countRow();
  }

  static void appendCell(StringBuilder sb, String s) {
    boolean quote = s.isEmpty() || s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ';
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      sb.append(s);
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  private static String json(DataType type, Object v) throws IOException {
    StringWriter sw = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(sw)) {
      TextValues.writeJson(g, type, v, false);
    }
    return sw.toString();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
