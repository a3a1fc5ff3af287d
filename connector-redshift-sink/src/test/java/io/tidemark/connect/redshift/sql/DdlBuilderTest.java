package io.tidemark.connect.redshift.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class DdlBuilderTest {

  private final DdlBuilder ddl = new DdlBuilder(RedshiftNames.defaults());

  @Test
  void createTableFromSchema() {
    Schema value =
        SchemaBuilder.struct()
            .field("Id", Schema.INT64_SCHEMA)
            .field("select", Schema.OPTIONAL_STRING_SCHEMA)
            .field("created at", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    TableDef table =
        TableDefs.defaults()
            .fromSchema(
                "public", "orders", value, List.of("Id"), Optional.of("Id"), List.of("created at"));
    assertThat(ddl.createTable(table))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS \"public\".\"orders\" ("
                + "\"id\" BIGINT NOT NULL, \"select\" VARCHAR(65535), \"created_at\" BIGINT, PRIMARY KEY (\"id\"))"
                + " DISTSTYLE KEY DISTKEY (\"id\") COMPOUND SORTKEY (\"created_at\")");
  }

  @Test
  void addsOnlyMissingColumnsOneStatementEach() {
    TableDef existing =
        new TableDef("s", "t", List.of(new ColumnDef("id", "BIGINT", false)), List.of("id"));
    List<String> sql =
        ddl.addMissingColumns(
            existing,
            List.of(
                new ColumnDef("id", "BIGINT", false),
                new ColumnDef("name", "VARCHAR(40)", false),
                new ColumnDef("order", "SUPER", true)));
    assertThat(sql)
        .containsExactly(
            "ALTER TABLE \"s\".\"t\" ADD COLUMN \"name\" VARCHAR(40)",
            "ALTER TABLE \"s\".\"t\" ADD COLUMN \"order\" SUPER");
  }

  @Test
  void existingColumnsQueryEscapesNamesAsValues() {
    assertThat(ddl.existingColumnsQuery("Public", "it's"))
        .isEqualTo(
            "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,"
                + " is_nullable FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = 'it''s' ORDER BY ordinal_position");
    assertThat(
            ddl.addMissingColumns(
                "s",
                "t",
                java.util.Set.of("id"),
                List.of(new ColumnDef("id", "INTEGER", true), new ColumnDef("x", "DATE", true))))
        .containsExactly("ALTER TABLE \"s\".\"t\" ADD COLUMN \"x\" DATE");
    assertThatThrownBy(() -> ddl.existingColumnsQuery("s", "x".repeat(128)))
        .isInstanceOf(DataException.class);
  }

  @Test
  void hostileTableNamesAreRejected() {
    TableDef quote =
        new TableDef(
            "s",
            "t\"; DROP TABLE x; --",
            List.of(new ColumnDef("id", "INTEGER", false)),
            List.of());
    assertThatThrownBy(() -> ddl.createTable(quote)).isInstanceOf(DataException.class);
    TableDef longName =
        new TableDef(
            "s", "ü".repeat(100), List.of(new ColumnDef("id", "INTEGER", false)), List.of());
    assertThatThrownBy(() -> ddl.createTable(longName))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("200 bytes");
  }

  @Test
  void collidingFieldNamesFail() {
    Schema value =
        SchemaBuilder.struct()
            .field("A", Schema.INT32_SCHEMA)
            .field("a", Schema.INT32_SCHEMA)
            .build();
    assertThatThrownBy(
            () ->
                TableDefs.defaults()
                    .fromSchema("s", "t", value, List.of(), Optional.empty(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("collide");
  }

  @Test
  void unknownKeyFieldFails() {
    Schema value = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    assertThatThrownBy(
            () ->
                TableDefs.defaults()
                    .fromSchema("s", "t", value, List.of("b"), Optional.empty(), List.of()))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'b'");
  }
}
