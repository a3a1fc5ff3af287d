package io.tidemark.stack.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedshiftRewriterTest {

  private static String squeeze(String sql) {
    return sql.replaceAll("\\s+", " ")
        .replace(" )", ")")
        .replace(" ,", ",")
        .replace("( ", "(")
        .trim();
  }

  @Test
  void mapsRedshiftTypes() {
    assertThat(
            squeeze(
                RedshiftRewriter.rewrite(
                    "CREATE TABLE t (a SUPER, b VARBYTE(100), c VARCHAR(MAX), d TIMESTAMP DEFAULT SYSDATE)")))
        .isEqualTo(
            "CREATE TABLE t (a jsonb, b bytea, c VARCHAR(65535) CHECK (octet_length(c) <= 65535),"
                + " d TIMESTAMP DEFAULT LOCALTIMESTAMP)");
  }

  @Test
  void dropsPhysicalDesignAndUnenforcedConstraints() {
    String sql =
        "CREATE TABLE IF NOT EXISTS \"public\".\"orders\" (\"id\" BIGINT NOT NULL ENCODE az64 DISTKEY,"
            + " \"note\" VARCHAR(100) ENCODE lzo, \"c\" INT REFERENCES other(id), PRIMARY KEY (\"id\"))"
            + " DISTSTYLE KEY DISTKEY (\"id\") COMPOUND SORTKEY (\"id\", \"note\") BACKUP NO";
    assertThat(squeeze(RedshiftRewriter.rewrite(sql)))
        .isEqualTo(
            "CREATE TABLE IF NOT EXISTS \"public\".\"orders\" (\"id\" BIGINT NOT NULL,"
                + " \"note\" VARCHAR(100) CHECK (octet_length(\"note\") <= 100), \"c\" INT)");
  }

  @Test
  void dropsColumnPrimaryKeyAndSortkeyAuto() {
    assertThat(
            squeeze(
                RedshiftRewriter.rewrite(
                    "CREATE TEMP TABLE s (id INT PRIMARY KEY, u INT UNIQUE) SORTKEY AUTO DISTSTYLE AUTO")))
        .isEqualTo("CREATE TEMP TABLE s (id INT, u INT)");
    assertThat(squeeze(RedshiftRewriter.rewrite("CREATE TABLE s (PRIMARY KEY (id), id INT)")))
        .isEqualTo("CREATE TABLE s (id INT)");
  }

  @Test
  void characterLengthsAreCheckedInBytes() {
    assertThat(
            squeeze(
                RedshiftRewriter.rewrite(
                    "CREATE TEMP TABLE s (\"a b\" VARCHAR(40) NOT NULL, c CHAR(3), d VARCHAR,"
                        + " e CHARACTER VARYING(9) ENCODE lzo, n INT, PRIMARY KEY (n))")))
        .isEqualTo(
            "CREATE TEMP TABLE s (\"a b\" VARCHAR(40) CHECK (octet_length(\"a b\") <= 40) NOT NULL,"
                + " c CHAR(3) CHECK (octet_length(c) <= 3), d VARCHAR(256) CHECK (octet_length(d) <= 256),"
                + " e CHARACTER VARYING(9) CHECK (octet_length(e) <= 9), n INT)");
    assertThat(squeeze(RedshiftRewriter.rewrite("ALTER TABLE t ADD COLUMN \"x\" VARCHAR(MAX)")))
        .isEqualTo(
            "ALTER TABLE t ADD COLUMN \"x\" VARCHAR(65535) CHECK (octet_length(\"x\") <= 65535)");
    assertThat(RedshiftRewriter.rewrite("CREATE TABLE t AS SELECT CAST(a AS VARCHAR(5)) FROM u"))
        .isEqualTo("CREATE TABLE t AS SELECT CAST(a AS VARCHAR(5)) FROM u");
    assertThat(RedshiftRewriter.rewrite("ALTER TABLE t ADD PRIMARY KEY (a)"))
        .isEqualTo("ALTER TABLE t ADD PRIMARY KEY (a)");
  }

  @Test
  void namesLongerThanPostgresAllowsGetDistinctShortNames() {
    String a = "a".repeat(70) + "_one";
    String b = "a".repeat(70) + "_two";
    String sql =
        RedshiftRewriter.rewrite("CREATE TABLE t (\"" + a + "\" INT, " + b.toUpperCase() + " INT)");
    String shortA = LongIdentifiers.shorten(a);
    String shortB = LongIdentifiers.shorten(b);
    assertThat(shortA).isNotEqualTo(shortB);
    assertThat(shortA.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(63);
    assertThat(sql).isEqualTo("CREATE TABLE t (\"" + shortA + "\" INT, \"" + shortB + "\" INT)");
    assertThat(LongIdentifiers.original(shortB)).isEqualTo(b);
    assertThat(LongIdentifiers.original("plain")).isEqualTo("plain");
    String multiByte = "é".repeat(40);
    assertThat(LongIdentifiers.shorten(multiByte)).startsWith("é".repeat(24) + "_");
  }

  @Test
  void leavesLiteralsQuotedNamesAndOtherStatementsAlone() {
    String insert = "INSERT INTO \"super\" (\"distkey\") VALUES ('SUPER DISTKEY(a) VARBYTE(3)')";
    assertThat(RedshiftRewriter.rewrite(insert)).isEqualTo(insert);
    String select = "SELECT id FROM t WHERE note = 'PRIMARY KEY'";
    assertThat(RedshiftRewriter.rewrite(select)).isEqualTo(select);
    assertThat(RedshiftRewriter.rewrite("SELECT CAST(x AS SUPER)"))
        .isEqualTo("SELECT CAST(x AS jsonb)");
  }

  @Test
  void bareDecimalColumnsAreDecimal18Comma0AsInRedshift() {
    assertThat(
            squeeze(
                RedshiftRewriter.rewrite(
                    "CREATE TABLE t (a DECIMAL, b NUMERIC(10,2), c numeric, d INT)")))
        .isEqualTo("CREATE TABLE t (a DECIMAL(18,0), b NUMERIC(10,2), c numeric(18,0), d INT)");
    assertThat(squeeze(RedshiftRewriter.rewrite("ALTER TABLE t ADD COLUMN e DECIMAL")))
        .isEqualTo("ALTER TABLE t ADD COLUMN e DECIMAL(18,0)");
    // Casts in queries are left alone.
    assertThat(RedshiftRewriter.rewrite("SELECT CAST(x AS DECIMAL) FROM t"))
        .isEqualTo("SELECT CAST(x AS DECIMAL) FROM t");
  }
}
