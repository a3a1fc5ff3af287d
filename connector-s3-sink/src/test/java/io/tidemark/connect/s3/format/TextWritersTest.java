package io.tidemark.connect.s3.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TextWritersTest {

  private final ConnectRowConverter converter = new ConnectRowConverter(null);

  private static String write(Format f, Compression c, RowSchema schema, List<Row> rows)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter w = new RecordWriters(f, c, 1 << 20).create(schema, out);
    for (Row r : rows) {
      w.write(r);
    }
    w.close();
    InputStream in = new ByteArrayInputStream(out.toByteArray());
    if (c == Compression.GZIP) {
      in = new GZIPInputStream(in);
    } else if (c == Compression.ZSTD) {
      in = new ZstdInputStream(in);
    }
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(
      value = Compression.class,
      names = {"NONE", "GZIP", "ZSTD"})
  void jsonLinesSpellLogicalTypesForAthena(Compression c) throws Exception {
    String text =
        write(
            Format.JSONL,
            c,
            converter.schemaOf(Fixtures.VALUE),
            List.of(
                converter.toRow(Fixtures.VALUE, Fixtures.value()),
                converter.toRow(Fixtures.VALUE, Fixtures.value())));
    String line =
        "{\"id\":42,\"name\":\"Zoë, \\\"the\\\" tester\",\"small\":7,\"ratio\":0.25,\"active\":true,"
            + "\"order_date\":\"2026-11-21\",\"created\":\"2026-11-21T08:30:00.123456Z\","
            + "\"updated\":\"2026-11-21T08:30:00.123456Z\",\"amount\":-12345678.90,"
            + "\"big\":12345678901234567890123456.7890,\"vsd\":\"1234.567\",\"doc\":\"{\\\"a\\\":1}\","
            + "\"tags\":[\"x\",\"y\"],\"attrs\":{\"k\":1},\"address\":{\"city\":\"Lyon\",\"zip\":null}}\n";
    assertThat(text).isEqualTo(line + line);
  }

  @Test
  void csvHasHeaderStableOrderAndQuoting() throws Exception {
    RowSchema schema =
        new RowSchema(
            List.of(
                Field.optional("id", DataType.of(DataType.Kind.INT64)),
                Field.optional("note", DataType.of(DataType.Kind.STRING)),
                Field.optional("at", DataType.of(DataType.Kind.TIMESTAMP_MICROS)),
                Field.optional("tags", DataType.array(DataType.of(DataType.Kind.STRING)))));
    String text =
        write(
            Format.CSV,
            Compression.GZIP,
            schema,
            List.of(
                new Row()
                    .put("note", "a,b \"c\"\nd")
                    .put("id", 1L)
                    .put("at", Fixtures.MICROS)
                    .put("tags", List.of("x")),
                new Row().put("id", 2L).put("note", ""),
                new Row().put("id", 3L).put("note", " padded")));
    assertThat(text)
        .isEqualTo(
            "id,note,at,tags\n"
                + "1,\"a,b \"\"c\"\"\nd\",2026-11-21 08:30:00.123456,\"[\"\"x\"\"]\"\n"
                + "2,\"\",,\n"
                + "3,\" padded\",,\n");
  }

  @Test
  void requiredNullIsABadRecord() throws Exception {
    RowSchema schema =
        new RowSchema(List.of(Field.required("id", DataType.of(DataType.Kind.INT64))));
    RecordWriter w =
        new RecordWriters(Format.CSV, Compression.NONE, 1)
            .create(schema, new ByteArrayOutputStream());
    assertThatThrownBy(() -> w.write(new Row()))
        .isInstanceOf(org.apache.kafka.connect.errors.DataException.class)
        .hasMessageContaining("'id'");
  }

  @Test
  void extensionsNameTheStreamCodecOnlyForTextFormats() {
    assertThat(Format.JSONL.extension(Compression.GZIP)).isEqualTo("jsonl.gz");
    assertThat(Format.CSV.extension(Compression.ZSTD)).isEqualTo("csv.zst");
    assertThat(Format.CSV.extension(Compression.NONE)).isEqualTo("csv");
    assertThat(Format.PARQUET.extension(Compression.SNAPPY)).isEqualTo("parquet");
    assertThat(Format.AVRO.extension(Compression.ZSTD)).isEqualTo("avro");
    assertThatThrownBy(() -> new RecordWriters(Format.JSONL, Compression.SNAPPY, 1))
        .hasMessageContaining("does not support SNAPPY");
    assertThatThrownBy(() -> Format.parse("orc")).hasMessageContaining("Unknown format 'orc'");
  }
}
