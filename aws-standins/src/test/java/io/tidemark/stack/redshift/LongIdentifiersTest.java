package io.tidemark.stack.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Redshift's 127-byte names on PostgreSQL's 63 bytes, both ways. */
class LongIdentifiersTest {
  private static final String NAME_64 = "orders_" + "x".repeat(56) + "9"; // MySQL's maximum
  private static final String NAME_127 = "t_" + "é".repeat(62) + "z"; // 127 bytes, multi-byte

  @Test
  void namesUpTo127BytesGetDistinctShortNamesAndComeBack() {
    assertThat(LongIdentifiers.bytes(NAME_64)).isEqualTo(64);
    assertThat(LongIdentifiers.bytes(NAME_127)).isEqualTo(127);
    String a = LongIdentifiers.toPostgres(NAME_64);
    String b = LongIdentifiers.toPostgres(NAME_64.substring(0, 63) + "8");
    String c = LongIdentifiers.toPostgres(NAME_127);
    assertThat(LongIdentifiers.bytes(a)).isLessThanOrEqualTo(63);
    assertThat(LongIdentifiers.bytes(c)).isLessThanOrEqualTo(63);
    assertThat(a).isNotEqualTo(b).startsWith(NAME_64.substring(0, 48) + "_");
    assertThat(LongIdentifiers.toPostgres(NAME_64)).isEqualTo(a);
    assertThat(LongIdentifiers.original(a)).isEqualTo(NAME_64);
    assertThat(LongIdentifiers.original(c)).isEqualTo(NAME_127);
    assertThat(LongIdentifiers.toPostgres("x".repeat(63))).isEqualTo("x".repeat(63));
  }

  @Test
  void namesOver127BytesAreTruncatedAsRedshiftTruncatesThem() {
    assertThat(LongIdentifiers.truncate("a".repeat(130))).isEqualTo("a".repeat(127));
    // Never inside a character: 64 two-byte characters are cut to 63 (126 bytes).
    assertThat(LongIdentifiers.truncate("é".repeat(64))).isEqualTo("é".repeat(63));
    assertThat(LongIdentifiers.toPostgres("a".repeat(127) + "_suffix"))
        .isEqualTo(LongIdentifiers.toPostgres("a".repeat(127)));
    assertThat(LongIdentifiers.original(LongIdentifiers.toPostgres("a".repeat(200))))
        .isEqualTo("a".repeat(127));
  }

  @Test
  void errorTextsShowTheOriginalNames() {
    String table = LongIdentifiers.toPostgres(NAME_127);
    String column = LongIdentifiers.toPostgres(NAME_64);
    String pg = "ERROR: column \"" + column + "\" of relation \"" + table + "\" already exists";
    assertThat(LongIdentifiers.restoreIn(pg))
        .isEqualTo(
            "ERROR: column \"" + NAME_64 + "\" of relation \"" + NAME_127 + "\" already exists");
    assertThat(StatementEngine.errorText(new SQLException(pg, "42701")))
        .contains(NAME_64)
        .contains(NAME_127)
        .doesNotContain(column);
    assertThat(LongIdentifiers.restoreIn("ERROR: nothing_0123456789abcd here"))
        .isEqualTo("ERROR: nothing_0123456789abcd here");
  }

  @Test
  void identifiersInAnyStatementAreMapped() {
    String sql =
        RedshiftRewriter.rewrite(
            "ALTER TABLE public.\"" + NAME_127 + "\" ADD COLUMN " + NAME_64 + " VARCHAR(10)");
    assertThat(sql)
        .contains('"' + LongIdentifiers.toPostgres(NAME_127) + '"')
        .contains('"' + LongIdentifiers.toPostgres(NAME_64) + '"')
        .doesNotContain(NAME_64);
    // An unquoted name over 127 bytes is truncated, then shortened.
    assertThat(RedshiftRewriter.rewrite("SELECT " + "b".repeat(140) + " FROM t"))
        .isEqualTo("SELECT \"" + LongIdentifiers.toPostgres("b".repeat(127)) + "\" FROM t");
  }

  @Test
  void longNamesInCatalogQueriesLiteralsAreMapped() {
    // The Redshift sink's catalog query (DdlBuilder.existingColumnsQuery).
    String sinkQuery =
        "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,"
            + " is_nullable FROM information_schema.columns WHERE table_schema = 'public'"
            + " AND table_name = '"
            + NAME_64
            + "' ORDER BY ordinal_position";
    assertThat(RedshiftRewriter.rewrite(sinkQuery))
        .contains("table_name = '" + LongIdentifiers.toPostgres(NAME_64) + "'")
        .contains("table_schema = 'public'");
    assertThat(
            RedshiftRewriter.rewrite(
                "SELECT attname FROM pg_attribute WHERE attrelid = 'public."
                    + NAME_127
                    + "'::regclass"))
        .contains("'public." + LongIdentifiers.toPostgres(NAME_127) + "'");
    // Over 127 bytes a literal matches no (truncated) name on Redshift: left alone.
    String tooLong = "c".repeat(128);
    assertThat(
            RedshiftRewriter.rewrite(
                "SELECT 1 FROM information_schema.tables WHERE table_name = '" + tooLong + "'"))
        .contains("'" + tooLong + "'");
    // Outside catalog queries a long literal is data.
    assertThat(RedshiftRewriter.rewrite("INSERT INTO t VALUES ('" + NAME_64 + "')"))
        .contains("'" + NAME_64 + "'");
  }
}
