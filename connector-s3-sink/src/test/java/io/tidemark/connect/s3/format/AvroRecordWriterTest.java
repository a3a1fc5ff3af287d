package io.tidemark.connect.s3.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AvroRecordWriterTest {

  private static final Map<Compression, String> CODECS =
      Map.of(
          Compression.NONE,
          "null",
          Compression.GZIP,
          "deflate",
          Compression.ZSTD,
          "zstandard",
          Compression.SNAPPY,
          "snappy");

  @ParameterizedTest
  @EnumSource(Compression.class)
  void logicalTypesAndValuesRoundTrip(Compression c) throws Exception {
    ConnectRowConverter converter = new ConnectRowConverter(null);
    RowSchema schema = converter.schemaOf(Fixtures.VALUE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter w = new RecordWriters(Format.AVRO, c, 1 << 20).create(schema, out);
    w.write(converter.toRow(Fixtures.VALUE, Fixtures.value()));
    w.close();

    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(
            new SeekableByteArrayInput(out.toByteArray()), new GenericDatumReader<>())) {
      assertThat(reader.getMetaString("avro.codec")).isEqualTo(CODECS.get(c));
      assertThat(reader.getMetaString("tidemark.schema.fingerprint"))
          .isEqualTo(schema.fingerprint());
      Schema s = reader.getSchema();
      assertThat(nonNull(s.getField("order_date").schema()).getLogicalType())
          .isEqualTo(LogicalTypes.date());
      assertThat(nonNull(s.getField("created").schema()).getLogicalType())
          .isEqualTo(LogicalTypes.timestampMicros());
      assertThat(nonNull(s.getField("amount").schema()).getLogicalType())
          .isEqualTo(LogicalTypes.decimal(10, 2));
      assertThat(s.getField("id").schema().getType()).isEqualTo(Schema.Type.LONG);

      GenericRecord r = reader.next();
      assertThat(r.get("id")).isEqualTo(42L);
      assertThat(r.get("name").toString()).isEqualTo("Zoë, \"the\" tester");
      assertThat(r.get("small")).isEqualTo(7);
      assertThat(r.get("order_date")).isEqualTo(Fixtures.DAY);
      assertThat(r.get("created")).isEqualTo(Fixtures.MICROS);
      assertThat(r.get("updated")).isEqualTo(Fixtures.MICROS);
      assertThat(new BigDecimal(new BigInteger(bytes(r.get("amount"))), 2))
          .isEqualTo(new BigDecimal("-12345678.90"));
      assertThat(r.get("vsd").toString()).isEqualTo("1234.567");
      assertThat(((List<?>) r.get("tags")).get(1).toString()).isEqualTo("y");
      assertThat(((GenericRecord) r.get("address")).get("city").toString()).isEqualTo("Lyon");
      assertThat(((GenericRecord) r.get("address")).get("zip")).isNull();
      assertThat(reader.hasNext()).isFalse();
    }
  }

  @org.junit.jupiter.api.Test
  void invalidAvroNamesAreRewrittenAndKept() throws Exception {
    RowSchema schema =
        new RowSchema(
            List.of(
                Field.optional("first-name", DataType.of(DataType.Kind.STRING)),
                Field.optional("first_name", DataType.of(DataType.Kind.STRING)),
                Field.optional("1st", DataType.of(DataType.Kind.INT64))));
    Schema avro = AvroSchemas.toAvro(schema);
    assertThat(avro.getFields())
        .extracting(Schema.Field::name)
        .containsExactly("first_name", "first_name_2", "_1st");
    assertThat(avro.getField("first_name").getProp(AvroSchemas.ORIGINAL_NAME))
        .isEqualTo("first-name");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter w = new RecordWriters(Format.AVRO, Compression.NONE, 1 << 20).create(schema, out);
    w.write(new Row().put("first-name", "a").put("first_name", "b").put("1st", 1L));
    w.close();
    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(
            new SeekableByteArrayInput(out.toByteArray()), new GenericDatumReader<>())) {
      GenericRecord r = reader.next();
      assertThat(r.get("first_name").toString()).isEqualTo("a");
      assertThat(r.get("first_name_2").toString()).isEqualTo("b");
      assertThat(r.get("_1st")).isEqualTo(1L);
    }
  }

  private static Schema nonNull(Schema s) {
    return s.getType() == Schema.Type.UNION ? s.getTypes().get(1) : s;
  }

  private static byte[] bytes(Object o) {
    ByteBuffer b = ((ByteBuffer) o).duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
