package io.tidemark.connect.s3.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.s3.S3SinkConfig.DeleteBehavior;
import io.tidemark.connect.s3.S3SinkConfig.TombstoneBehavior;
import io.tidemark.connect.s3.format.ConnectRowConverter;
import io.tidemark.connect.s3.format.DataType;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** CDC options on records with Connect schemas (Debezium envelopes) and the extra columns. */
class RowMapperTest {

  private static final Schema ROW =
      SchemaBuilder.struct().name("row").optional().field("id", Schema.INT64_SCHEMA).build();
  private static final Schema SOURCE =
      SchemaBuilder.struct().name("source").field("db", Schema.STRING_SCHEMA).build();
  private static final Schema ENVELOPE =
      SchemaBuilder.struct()
          .name("envelope")
          .field("before", ROW)
          .field("after", ROW)
          .field("source", SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .build();

  private static RowMapper mapper(DeleteBehavior deletes, boolean extras) {
    return new RowMapper(
        new ConnectRowConverter(null), TombstoneBehavior.SKIP, deletes, extras, extras, extras);
  }

  private static IncomingRecord envelope(String op) {
    Struct row = new Struct(ROW).put("id", 7L);
    Struct value =
        new Struct(ENVELOPE)
            .put("before", "c".equals(op) ? null : row)
            .put("after", "d".equals(op) ? null : row)
            .put("source", new Struct(SOURCE).put("db", "shop"))
            .put("op", op);
    return new IncomingRecord(
        "shop.orders",
        2,
        40,
        1000L,
        Schema.STRING_SCHEMA,
        "k7",
        ENVELOPE,
        value,
        Map.of("trace", "abc"),
        null);
  }

  @Test
  void debeziumDeleteEnvelopesAreSkippedWrittenOrFatal() {
    assertThat(mapper(DeleteBehavior.SKIP, false).map(envelope("d"))).isNull();
    assertThat(mapper(DeleteBehavior.SKIP, false).map(envelope("c"))).isNotNull();
    assertThat(mapper(DeleteBehavior.WRITE, false).map(envelope("d")).row().get("op"))
        .isEqualTo("d");
    assertThatThrownBy(() -> mapper(DeleteBehavior.FAIL, false).map(envelope("d")))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("shop.orders-2@40");
  }

  @Test
  void aColumnNamedOpOutsideAnEnvelopeIsNotADelete() {
    Schema plain = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA).build();
    IncomingRecord r =
        new IncomingRecord(
            "t", 0, 0, null, null, null, plain, new Struct(plain).put("op", "d"), Map.of(), null);
    assertThat(mapper(DeleteBehavior.SKIP, false).map(r)).isNotNull();
  }

  @Test
  void extraColumnsTrailTheValueWithOriginalCoordinates() {
    MappedRow m = mapper(DeleteBehavior.WRITE, true).map(envelope("u"));
    assertThat(m.schema().fields())
        .extracting(f -> f.name())
        .containsExactly(
            "before",
            "after",
            "source",
            "op",
            "__key",
            "__headers",
            "__topic",
            "__partition",
            "__offset",
            "__timestamp");
    assertThat(m.schema().field("__timestamp").type())
        .isEqualTo(DataType.of(DataType.Kind.TIMESTAMP_MILLIS));
    assertThat(m.row().asMap())
        .containsEntry("__key", "k7")
        .containsEntry("__headers", Map.of("trace", "abc"))
        .containsEntry("__topic", "shop.orders")
        .containsEntry("__partition", 2)
        .containsEntry("__offset", 40L)
        .containsEntry("__timestamp", 1000L);
    assertThat(m.inferred()).isFalse();
  }
}
