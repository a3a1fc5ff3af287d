package io.tidemark.connect.s3.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetRecordWriterTest {

  private final ConnectRowConverter converter = new ConnectRowConverter(null);

  private byte[] write(Compression c, RowSchema schema, List<Row> rows) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter w = new RecordWriters(Format.PARQUET, c, 1 << 20).create(schema, out);
    for (Row r : rows) {
      w.write(r);
    }
    w.close();
    assertThat(w.recordCount()).isEqualTo(rows.size());
    assertThat(w.bytesWritten()).isEqualTo(out.size());
    return out.toByteArray();
  }

  @Test
  void hadoopIsNotOnTheTestClassPath() {
    assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void debeziumLogicalTypesLandAsParquetLogicalTypes(Compression c) throws Exception {
    RowSchema schema = converter.schemaOf(Fixtures.VALUE);
    byte[] file = write(c, schema, List.of(converter.toRow(Fixtures.VALUE, Fixtures.value())));

    ParquetFiles.Contents contents = ParquetFiles.read(file);
    MessageType t = contents.schema();
    assertThat(contents.footer().getBlocks().get(0).getColumns().get(0).getCodec().name())
        .isEqualTo(StreamCodecFactory.codecName(c).name());
    assertThat(t.getType("order_date").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.dateType());
    assertThat(t.getType("created").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
    assertThat(t.getType("updated").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
    assertThat(t.getType("amount").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(2, 10));
    assertThat(t.getType("amount").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.INT64);
    assertThat(t.getType("big").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(4, 30));
    assertThat(t.getType("big").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);
    assertThat(t.getType("vsd").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.stringType());
    assertThat(t.getType("doc").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.stringType());
    assertThat(t.getType("tags").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.listType());
    assertThat(t.getType("id").isRepetition(org.apache.parquet.schema.Type.Repetition.REQUIRED))
        .isTrue();

    Group g = contents.rows().get(0);
    assertThat(g.getLong("id", 0)).isEqualTo(42L);
    assertThat(g.getString("name", 0)).isEqualTo("Zoë, \"the\" tester");
    assertThat(g.getInteger("small", 0)).isEqualTo(7);
    assertThat(g.getInteger("order_date", 0)).isEqualTo(Fixtures.DAY);
    assertThat(g.getLong("created", 0)).isEqualTo(Fixtures.MICROS);
    // 10:30:00.123456+02:00 is 08:30:00.123456Z
    assertThat(g.getLong("updated", 0)).isEqualTo(Fixtures.MICROS);
    assertThat(g.getLong("amount", 0)).isEqualTo(-1234567890L);
    assertThat(new BigDecimal(new BigInteger(g.getBinary("big", 0).getBytes()), 4))
        .isEqualTo(new BigDecimal("12345678901234567890123456.7890"));
    assertThat(g.getBinary("big", 0).length()).isEqualTo(ParquetSchemas.decimalBytes(30));
    assertThat(g.getString("vsd", 0)).isEqualTo("1234.567");
    assertThat(g.getString("doc", 0)).isEqualTo("{\"a\":1}");
    Group tags = g.getGroup("tags", 0);
    assertThat(tags.getFieldRepetitionCount("list")).isEqualTo(2);
    assertThat(tags.getGroup("list", 1).getString("element", 0)).isEqualTo("y");
    Group kv = g.getGroup("attrs", 0).getGroup("key_value", 0);
    assertThat(kv.getString("key", 0)).isEqualTo("k");
    assertThat(kv.getInteger("value", 0)).isEqualTo(1);
    assertThat(g.getGroup("address", 0).getString("city", 0)).isEqualTo("Lyon");
    assertThat(g.getGroup("address", 0).getFieldRepetitionCount("zip")).isZero();
    assertThat(contents.footer().getFileMetaData().getKeyValueMetaData())
        .containsEntry("tidemark.schema.fingerprint", schema.fingerprint());
  }

  @Test
  void negativeWideDecimalIsSignExtended() throws Exception {
    RowSchema schema = new RowSchema(List.of(Field.required("d", DataType.decimal(20, 2))));
    byte[] file =
        write(Compression.NONE, schema, List.of(new Row().put("d", new BigDecimal("-1.50"))));
    Group g = ParquetFiles.read(file).rows().get(0);
    assertThat(new BigDecimal(new BigInteger(g.getBinary("d", 0).getBytes()), 2))
        .isEqualTo(new BigDecimal("-1.50"));
  }

  /** MySQL BIGINT UNSIGNED from Debezium's bigint.unsigned.handling.mode=precise. */
  @Test
  void unsignedBigintMaxLandsAsDecimal20() throws Exception {
    org.apache.kafka.connect.data.Schema value =
        org.apache.kafka.connect.data.SchemaBuilder.struct()
            .field(
                "u",
                org.apache.kafka.connect.data.Decimal.builder(0)
                    .parameter("connect.decimal.precision", "20")
                    .build())
            .build();
    RowSchema schema = converter.schemaOf(value);
    assertThat(schema.field("u").type()).isEqualTo(DataType.decimal(20, 0));
    BigDecimal max = new BigDecimal("18446744073709551615");
    byte[] file =
        write(
            Compression.NONE,
            schema,
            List.of(
                converter.toRow(
                    value, new org.apache.kafka.connect.data.Struct(value).put("u", max))));
    ParquetFiles.Contents contents = ParquetFiles.read(file);
    assertThat(contents.schema().getType("u").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(0, 20));
    assertThat(new BigDecimal(new BigInteger(contents.rows().get(0).getBinary("u", 0).getBytes())))
        .isEqualTo(max);
  }

  @Test
  void variableScaleDecimalCanBeAFixedScaleDecimal() throws Exception {
    ConnectRowConverter fixed = new ConnectRowConverter(5);
    RowSchema schema = fixed.schemaOf(Fixtures.VALUE);
    assertThat(schema.field("vsd").type()).isEqualTo(DataType.decimal(38, 5));
    byte[] file =
        write(Compression.SNAPPY, schema, List.of(fixed.toRow(Fixtures.VALUE, Fixtures.value())));
    ParquetFiles.Contents contents = ParquetFiles.read(file);
    assertThat(contents.schema().getType("vsd").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(5, 38));
    assertThat(
            new BigDecimal(
                new BigInteger(contents.rows().get(0).getBinary("vsd", 0).getBytes()), 5))
        .isEqualTo(new BigDecimal("1234.56700"));
  }

  @Test
  void decimalThatNeedsRoundingIsABadRecord() throws Exception {
    RowSchema schema = new RowSchema(List.of(Field.required("d", DataType.decimal(5, 1))));
    RecordWriter w =
        new RecordWriters(Format.PARQUET, Compression.NONE, 1 << 20)
            .create(schema, new ByteArrayOutputStream());
    assertThatThrownBy(() -> w.write(new Row().put("d", new BigDecimal("1.25"))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'d'");
    assertThatThrownBy(() -> w.write(new Row()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("required");
    w.write(new Row().put("d", new BigDecimal("1.5")));
    w.close();
  }

  @Test
  void schemalessRowsRoundTrip() throws Exception {
    SchemalessConverter sc = new SchemalessConverter();
    SchemalessConverter.Inferred first = sc.infer(Map.of("b", "x", "a", 1, "n", Map.of("z", 2.5)));
    RowSchema fileSchema = SchemalessConverter.forFile(first.schema());
    SchemalessConverter.Inferred second = sc.infer(Map.of("a", 2));
    assertThat(SchemalessConverter.covers(fileSchema, second.schema())).isTrue();
    byte[] file = write(Compression.ZSTD, fileSchema, List.of(first.row(), second.row()));
    List<Group> rows = ParquetFiles.read(file).rows();
    assertThat(rows.get(0).getLong("a", 0)).isEqualTo(1L);
    assertThat(rows.get(0).getGroup("n", 0).getDouble("z", 0)).isEqualTo(2.5);
    assertThat(rows.get(1).getLong("a", 0)).isEqualTo(2L);
    assertThat(rows.get(1).getFieldRepetitionCount("b")).isZero();
  }

  @Test
  void manyRowsSpanSeveralRowGroups() throws Exception {
    RowSchema schema =
        new RowSchema(
            List.of(
                Field.required("i", DataType.of(DataType.Kind.INT64)),
                Field.optional("s", DataType.of(DataType.Kind.STRING))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter w =
        new RecordWriters(Format.PARQUET, Compression.NONE, 64 * 1024).create(schema, out);
    long maxBuffered = 0;
    for (long i = 0; i < 50_000; i++) {
      w.write(new Row().put("i", i).put("s", "row-" + i * 7919));
      maxBuffered = Math.max(maxBuffered, w.bufferedBytes());
    }
    w.close();
    ParquetFiles.Contents contents = ParquetFiles.read(out.toByteArray());
    assertThat(contents.footer().getBlocks()).hasSizeGreaterThan(1);
    assertThat(contents.rows()).hasSize(50_000);
    assertThat(contents.rows().get(49_999).getLong("i", 0)).isEqualTo(49_999L);
    assertThat(maxBuffered).isGreaterThan(0).isLessThan(4 * 64 * 1024);
  }
}
