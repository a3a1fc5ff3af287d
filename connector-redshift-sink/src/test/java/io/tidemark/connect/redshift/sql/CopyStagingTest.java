package io.tidemark.connect.redshift.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyStagingTest {

  @Test
  void jsonLineHoldsColumnsOpAndPosition() {
    TableDef table =
        new TableDef(
            "s",
            "t",
            List.of(
                new ColumnDef("id", "BIGINT", false),
                new ColumnDef("note", "VARCHAR(10)", true),
                new ColumnDef("doc", "SUPER", true),
                new ColumnDef("d", "DATE", true),
                new ColumnDef("ts", "TIMESTAMPTZ", true)),
            List.of("id"));
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", 7L);
    values.put("note", "a\"b\\c\nd");
    values.put("doc", new SqlValue.Json("{\"x\":[1]}"));
    values.put("d", LocalDate.of(2024, 3, 1));
    values.put("ts", Instant.parse("2024-03-01T10:00:00Z"));
    String line =
        CopyStaging.jsonLine(table, new ChangeRow(values, false, new SourceOffset("t", 0, 1)), 42);
    assertThat(line)
        .isEqualTo(
            "{\"id\":7,\"note\":\"a\\\"b\\\\c\\nd\",\"doc\":{\"x\":[1]},\"d\":\"2024-03-01\","
                + "\"ts\":\"2024-03-01 10:00:00.000000+00\",\"__tm_op\":\"u\",\"__tm_pos\":42}");
  }

  /**
   * MySQL: row 1 holds {@code CONCAT('a', CHAR(0), 'b')}, then {@code DELETE WHERE id = 1}: the
   * delete's before image holds a NUL, which Redshift cannot store. A delete needs only its key.
   */
  @Test
  void aDeleteStagesItsKeyOnly() {
    TableDef table =
        new TableDef(
            "s",
            "t",
            List.of(
                new ColumnDef("id", "BIGINT", false), new ColumnDef("note", "VARCHAR(10)", true)),
            List.of("id"));
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", 1L);
    values.put("note", "a\u0000b");
    assertThat(
            CopyStaging.jsonLine(
                table, new ChangeRow(values, true, new SourceOffset("t", 0, 2)), 3))
        .isEqualTo("{\"id\":1,\"note\":null,\"__tm_op\":\"d\",\"__tm_pos\":3}");
  }

  /** MySQL {@code BIT(16)} {@code b'0000000100000010'}: {@code HEX(col)} is {@code 0102}. */
  @Test
  void bitsAreStagedInMySqlByteOrder() {
    org.apache.kafka.connect.data.Schema bits =
        org.apache.kafka.connect.data.SchemaBuilder.bytes()
            .name("io.debezium.data.Bits")
            .parameter("length", "16")
            .build();
    TableDef table =
        new TableDef("s", "t", List.of(new ColumnDef("b", "VARBYTE(2)", true)), List.of());
    Map<String, Object> values = new LinkedHashMap<>();
    // Debezium's Bits, little-endian.
    values.put("b", ValueConverter.toSql(bits, new byte[] {0x02, 0x01}));
    assertThat(
            CopyStaging.jsonLine(
                table, new ChangeRow(values, false, new SourceOffset("t", 0, 0)), 0))
        .isEqualTo("{\"b\":\"0102\",\"__tm_op\":\"u\",\"__tm_pos\":0}");
  }

  @Test
  void manifestListsMandatoryEntries() {
    assertThat(CopyStaging.manifest(List.of("s3://b/a.gz", "s3://b/c \"q\".gz")))
        .isEqualTo(
            "{\"entries\":[{\"url\":\"s3://b/a.gz\",\"mandatory\":true},{\"url\":\"s3://b/c \\\"q\\\".gz\",\"mandatory\":true}]}");
    assertThatThrownBy(() -> CopyStaging.manifest(List.of("http://x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
