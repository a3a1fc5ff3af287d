package io.tidemark.connect.s3.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class RowCodecTest {

  private static final DataType ADDRESS =
      DataType.struct(
          List.of(
              Field.required("city", DataType.of(DataType.Kind.STRING)),
              Field.optional("zip", DataType.of(DataType.Kind.INT32))));
  private static final RowSchema SCHEMA =
      new RowSchema(
          List.of(
              Field.required("id", DataType.of(DataType.Kind.INT64)),
              Field.optional("ok", DataType.of(DataType.Kind.BOOLEAN)),
              Field.optional("ratio", DataType.of(DataType.Kind.FLOAT32)),
              Field.optional("score", DataType.of(DataType.Kind.FLOAT64)),
              Field.optional("name", DataType.of(DataType.Kind.STRING)),
              Field.optional("raw", DataType.of(DataType.Kind.BYTES)),
              Field.optional("amount", DataType.decimal(38, 4)),
              Field.optional("day", DataType.of(DataType.Kind.DATE)),
              Field.optional("address", ADDRESS),
              Field.optional("tags", DataType.array(DataType.of(DataType.Kind.STRING))),
              Field.optional("attrs", DataType.map(ADDRESS)),
              Field.optional("missing", DataType.of(DataType.Kind.STRING))));

  @Test
  void everyKindOfValueComesBackAsTheSameJavaValue() throws Exception {
    Map<String, Object> attrs = new LinkedHashMap<>();
    attrs.put("home", new Row().put("city", "Pune").put("zip", 411001));
    attrs.put("none", null);
    Row row =
        new Row()
            .put("id", Long.MIN_VALUE)
            .put("ok", false)
            .put("ratio", 1.5f)
            .put("score", Double.NaN)
            .put("name", "é \"q\" 漢字")
            .put("raw", new byte[] {0, -1, 7})
            .put("amount", new BigDecimal("-12345678901234567890123456789012.3456"))
            .put("day", 20_413)
            .put("address", new Row().put("city", "Lyon"))
            .put("tags", Arrays.asList("a", null, "c"))
            .put("attrs", attrs);

    Row back = roundTrip(row);

    assertThat(back.get("id")).isEqualTo(Long.MIN_VALUE);
    assertThat(back.get("ok")).isEqualTo(false);
    assertThat(back.get("ratio")).isEqualTo(1.5f);
    assertThat((Double) back.get("score")).isNaN();
    assertThat(back.get("name")).isEqualTo("é \"q\" 漢字");
    assertThat((byte[]) back.get("raw")).containsExactly(0, -1, 7);
    assertThat(back.get("amount"))
        .isEqualTo(new BigDecimal("-12345678901234567890123456789012.3456"));
    assertThat(back.get("day")).isEqualTo(20_413);
    assertThat(back.get("address")).isEqualTo(new Row().put("city", "Lyon"));
    assertThat(back.get("tags")).isEqualTo(Arrays.asList("a", null, "c"));
    assertThat(back.get("attrs")).isEqualTo(attrs);
    assertThat(back.get("missing")).isNull();
  }

  @Test
  void aRowTheWriterWouldRejectIsRejectedWhenStagedNamingTheField() {
    assertThatThrownBy(() -> roundTrip(new Row().put("name", "x")))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'id' is required but null");
    assertThatThrownBy(
            () -> roundTrip(new Row().put("id", 1L).put("address", new Row().put("zip", 1))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'address.city' is required but null");
    assertThatThrownBy(() -> roundTrip(new Row().put("id", 1L).put("name", new Row())))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'name'")
        .hasMessageContaining("struct");
    assertThatThrownBy(() -> roundTrip(new Row().put("id", 1L).put("name", new Object())))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'name' holds an unsupported java.lang.Object");
  }

  @Test
  void rowsFollowEachOtherInOneStream() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (long i = 0; i < 100; i++) {
      RowCodec.encode(SCHEMA, new Row().put("id", i).put("name", "n" + i), out);
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    for (long i = 0; i < 100; i++) {
      assertThat(RowCodec.decode(SCHEMA, in))
          .isEqualTo(new Row().put("id", i).put("name", "n" + i));
    }
    assertThat(in.available()).isZero();
  }

  private static Row roundTrip(Row row) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    RowCodec.encode(SCHEMA, row, new DataOutputStream(bytes));
    return RowCodec.decode(
        SCHEMA, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }
}
