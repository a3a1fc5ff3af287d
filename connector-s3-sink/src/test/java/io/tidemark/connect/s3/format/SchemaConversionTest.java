package io.tidemark.connect.s3.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.s3.format.DataType.Kind;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class SchemaConversionTest {

  private final SchemalessConverter schemaless = new SchemalessConverter();

  @Test
  void connectLogicalTypesAreZoneIndependent() {
    Schema s = SchemaBuilder.struct().field("d", Date.SCHEMA).field("t", Timestamp.SCHEMA).build();
    java.util.Date midnight = new java.util.Date(Fixtures.DAY * 86_400_000L);
    Row row =
        new ConnectRowConverter(null).toRow(s, new Struct(s).put("d", midnight).put("t", midnight));
    // The surefire JVM runs in America/Los_Angeles: a zone-dependent conversion would be off by one
    // day.
    assertThat(row.get("d")).isEqualTo(Fixtures.DAY);
    assertThat(row.get("t")).isEqualTo(Fixtures.DAY * 86_400_000L);
  }

  @Test
  void primitiveValueBecomesValueColumn() {
    ConnectRowConverter c = new ConnectRowConverter(null);
    assertThat(c.schemaOf(Schema.STRING_SCHEMA).fields())
        .containsExactly(Field.required("value", DataType.of(Kind.STRING)));
    assertThat(c.toRow(Schema.STRING_SCHEMA, "x").get("value")).isEqualTo("x");
  }

  @Test
  void connectDecimalWithoutPrecisionIsDecimal38() {
    Schema s =
        SchemaBuilder.struct().field("d", org.apache.kafka.connect.data.Decimal.schema(3)).build();
    assertThat(new ConnectRowConverter(null).schemaOf(s).field("d").type())
        .isEqualTo(DataType.decimal(38, 3));
  }

  @Test
  void inferenceSortsFieldsAndWidensNumbers() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", 1);
    m.put("a", 2.5f);
    m.put("m", null);
    m.put("n", Map.of("y", List.of(1L, 2L)));
    SchemalessConverter.Inferred i = schemaless.infer(m);
    assertThat(i.schema().toString())
        .isEqualTo("struct<\"a\":float64,\"m\":null,\"n\":struct<\"y\":array<int64>>,\"z\":int64>");
    assertThat(i.row().get("z")).isEqualTo(1L);
    assertThat(i.row().get("a")).isEqualTo(2.5d);
    assertThat(SchemalessConverter.forFile(i.schema()).field("m").type())
        .isEqualTo(DataType.of(Kind.STRING));
  }

  @Test
  void fingerprintIgnoresKeyOrderButNotShape() {
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("a", 1);
    ab.put("b", "x");
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("b", "y");
    ba.put("a", 2L);
    assertThat(schemaless.infer(ab).schema().fingerprint())
        .isEqualTo(schemaless.infer(ba).schema().fingerprint())
        .hasSize(16);
    assertThat(schemaless.infer(Map.of("a", "1", "b", "x")).schema().fingerprint())
        .isNotEqualTo(schemaless.infer(ab).schema().fingerprint());
  }

  @Test
  void coversDecidesWhenTheFileMustRotate() {
    RowSchema file =
        SchemalessConverter.forFile(schemaless.infer(Map.of("a", 1, "b", "x")).schema());
    assertThat(SchemalessConverter.covers(file, schemaless.infer(Map.of("a", 5)).schema()))
        .isTrue();
    Map<String, Object> nullB = new LinkedHashMap<>();
    nullB.put("b", null);
    assertThat(SchemalessConverter.covers(file, schemaless.infer(nullB).schema())).isTrue();
    assertThat(SchemalessConverter.covers(file, schemaless.infer(Map.of("a", "str")).schema()))
        .isFalse();
    assertThat(SchemalessConverter.covers(file, schemaless.infer(Map.of("c", 1)).schema()))
        .isFalse();
  }

  @Test
  void conflictingListBecomesJsonAndBigDecimalExactText() {
    SchemalessConverter.Inferred i =
        schemaless.infer(Map.of("l", List.of(1, "a"), "d", new BigDecimal("1.10")));
    assertThat(i.schema().field("l").type()).isEqualTo(DataType.of(Kind.JSON));
    assertThat(i.row().get("l")).isEqualTo("[1,\"a\"]");
    assertThat(i.row().get("d")).isEqualTo("1.10");
  }

  @Test
  void listOfStructsMergesShapes() {
    SchemalessConverter.Inferred i =
        schemaless.infer(Map.of("l", List.of(Map.of("a", 1), Map.of("b", "x"))));
    assertThat(i.schema().field("l").type().toString())
        .isEqualTo("array<struct<\"a\":int64,\"b\":string>>");
  }

  @Test
  void wrongJavaTypeIsDataExceptionNamingTheField() {
    Schema s =
        SchemaBuilder.struct()
            .field("n", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build())
            .build();
    Struct bad =
        new Struct(SchemaBuilder.struct().field("n", Schema.STRING_SCHEMA).build()).put("n", "x");
    assertThatThrownBy(() -> new ConnectRowConverter(null).toRow(s, new StructView(s, bad)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'n'");
  }

  @Test
  void anExplicitNullStaysNullAndIsNotTheColumnDefault() {
    // Debezium puts a MySQL column DEFAULT into the field schema; Struct.get would return it.
    Schema s =
        SchemaBuilder.struct()
            .field("id", Schema.INT32_SCHEMA)
            .field("note", SchemaBuilder.string().optional().defaultValue("n/a").build())
            .field("qty", SchemaBuilder.int32().optional().defaultValue(7).build())
            .field("n", SchemaBuilder.int32().defaultValue(5).build())
            .build();
    Row row = new ConnectRowConverter(null).toRow(s, new Struct(s).put("id", 1));
    assertThat(row.get("note")).isNull();
    assertThat(row.get("qty")).isNull();
    // A required field cannot hold null: unset, it is its default.
    assertThat(row.get("n")).isEqualTo(5);
  }

  /** A struct whose declared schema and stored values disagree, as a broken SMT could produce. */
  private static final class StructView extends Struct {
    private final Struct values;

    StructView(Schema schema, Struct values) {
      super(schema);
      this.values = values;
    }

    @Override
    public Object get(org.apache.kafka.connect.data.Field field) {
      return values.get(field.name());
    }

    @Override
    public Object getWithoutDefault(String fieldName) {
      return values.getWithoutDefault(fieldName);
    }
  }
}
