package io.tidemark.connect.redshift.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class RowValuesTest {

  @Test
  void renamesAndConvertsFields() {
    Schema schema =
        SchemaBuilder.struct()
            .field("Id", Schema.INT64_SCHEMA)
            .field(
                "Born On", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .build();
    Struct value =
        new Struct(schema).put("Id", 1L).put("Born On", 1).put("tags", List.of("a", "b\"c"));
    Map<String, Object> row = RowValues.of(value, TableDefs.defaults().columnNames(schema));
    assertThat(row)
        .containsExactly(
            Map.entry("id", 1L),
            Map.entry("born_on", LocalDate.of(1970, 1, 2)),
            Map.entry("tags", new SqlValue.Json("[\"a\",\"b\\\"c\"]")));
  }

  @Test
  void anExplicitNullStaysNullAndIsNotTheColumnDefault() {
    // Debezium puts a MySQL column DEFAULT into the field schema; Struct.get would return it.
    Schema address =
        SchemaBuilder.struct()
            .field("city", SchemaBuilder.string().optional().defaultValue("Paris").build())
            .optional()
            .build();
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("note", SchemaBuilder.string().optional().defaultValue("n/a").build())
            .field("qty", SchemaBuilder.int32().optional().defaultValue(7).build())
            .field("n", SchemaBuilder.int32().defaultValue(5).build())
            .field("address", address)
            .build();
    Struct value = new Struct(schema).put("id", 1L).put("address", new Struct(address));
    Map<String, Object> row = RowValues.of(value, TableDefs.defaults().columnNames(schema));
    assertThat(row.get("note")).isNull();
    assertThat(row.get("qty")).isNull();
    assertThat(row.get("n")).isEqualTo(5); // required and unset: its default
    assertThat(row.get("address")).isEqualTo(new SqlValue.Json("{\"city\":null}"));
  }
}
