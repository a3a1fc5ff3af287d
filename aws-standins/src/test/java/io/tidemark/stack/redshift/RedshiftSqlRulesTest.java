package io.tidemark.stack.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedshiftSqlRulesTest {

  @Test
  void acceptsOrdinaryRedshiftSql() {
    assertThat(
            RedshiftSqlRules.violation("INSERT INTO \"t\" (\"a\") VALUES ('ON CONFLICT'), ('x')"))
        .isEmpty();
    assertThat(
            RedshiftSqlRules.violation(
                "CREATE TABLE t (a VARCHAR(65535), b DECIMAL(38,2), c CHAR(4096))"))
        .isEmpty();
    assertThat(
            RedshiftSqlRules.violation(
                "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE"
                    + " WHEN NOT MATCHED THEN INSERT VALUES (s.id)"))
        .isEmpty();
    assertThat(RedshiftSqlRules.violation("SELECT 1 -- on conflict\n")).isEmpty();
  }

  /** Redshift widens only a VARCHAR with ALTER COLUMN TYPE, and never in a transaction block. */
  @Test
  void alterColumnTypeOnlyWidensAVarcharOutsideATransactionBlock() {
    String widen = "ALTER TABLE \"s\".\"t\" ALTER COLUMN \"c\" TYPE VARCHAR(400)";
    assertThat(RedshiftSqlRules.violation(widen, false)).isEmpty();
    assertThat(RedshiftSqlRules.violation("alter table t alter c type character varying(9)", false))
        .isEmpty();
    assertThat(RedshiftSqlRules.violation(widen, true))
        .hasValueSatisfying(m -> assertThat(m).contains("cannot run inside a transaction block"));
    assertThat(RedshiftSqlRules.violation("ALTER TABLE t ALTER COLUMN c TYPE BIGINT", false))
        .hasValueSatisfying(m -> assertThat(m).contains("only the size of a VARCHAR"));
    assertThat(RedshiftSqlRules.violation("ALTER TABLE t ADD COLUMN c BIGINT", true)).isEmpty();
    assertThat(RedshiftRewriter.rewrite(widen))
        .startsWith("DO $tidemark_widen$")
        .contains("atthasdef")
        .contains("<> 'character varying'::regtype")
        .contains("TYPE VARCHAR(400), ADD CHECK (octet_length(\"c\") <= 400)");
  }

  @Test
  void rejectsOnConflict() {
    assertThat(RedshiftSqlRules.violation("INSERT INTO t VALUES (1) ON CONFLICT (id) DO NOTHING"))
        .hasValueSatisfying(m -> assertThat(m).contains("ON CONFLICT"));
    assertThat(RedshiftSqlRules.violation("insert into t values (1) on\n conflict do nothing"))
        .isPresent();
  }

  @Test
  void rejectsMergeWithTwoMatchedClausesOrConditions() {
    assertThat(
            RedshiftSqlRules.violation(
                "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.op = 'd' THEN DELETE"
                    + " WHEN MATCHED THEN UPDATE SET a = s.a"))
        .isPresent();
    assertThat(
            RedshiftSqlRules.violation(
                "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE"
                    + " WHEN MATCHED THEN UPDATE SET a = s.a"))
        .hasValueSatisfying(m -> assertThat(m).contains("one WHEN MATCHED"));
    assertThat(
            RedshiftSqlRules.violation(
                "MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED AND s.x > 1 THEN INSERT VALUES (1)"))
        .isPresent();
  }

  @Test
  void longIdentifiersAreNotAViolationRedshiftTruncatesThem() {
    assertThat(RedshiftSqlRules.violation("SELECT 1 AS " + "a".repeat(127))).isEmpty();
    // Redshift truncates identifiers over 127 bytes instead of failing (see LongIdentifiersTest).
    assertThat(RedshiftSqlRules.violation("SELECT 1 AS " + "a".repeat(128))).isEmpty();
    assertThat(RedshiftSqlRules.violation("CREATE TABLE \"" + "é".repeat(64) + "\" (a INT)"))
        .isEmpty();
    assertThat(RedshiftSqlRules.violation("SELECT '" + "x".repeat(500) + "'")).isEmpty();
  }

  @Test
  void rejectsTypesBeyondRedshiftLimits() {
    assertThat(RedshiftSqlRules.violation("CREATE TABLE t (a VARCHAR(65536))")).isPresent();
    assertThat(RedshiftSqlRules.violation("CREATE TABLE t (a CHARACTER VARYING(70000))"))
        .isPresent();
    assertThat(RedshiftSqlRules.violation("CREATE TABLE t (a CHAR(4097))")).isPresent();
    assertThat(RedshiftSqlRules.violation("CREATE TABLE t (a NUMERIC(39, 2))")).isPresent();
    assertThat(RedshiftSqlRules.violation("ALTER TABLE t ADD COLUMN b DECIMAL(40,0)")).isPresent();
  }

  @Test
  void requestLimits() {
    assertThat(RedshiftSqlRules.checkRequest(Collections.nCopies(40, "SELECT 1"), true)).isEmpty();
    assertThat(RedshiftSqlRules.checkRequest(Collections.nCopies(41, "SELECT 1"), true))
        .hasValueSatisfying(m -> assertThat(m).contains("40"));
    String big = "SELECT '" + "x".repeat(100 * 1024) + "'";
    assertThat(RedshiftSqlRules.checkRequest(List.of(big), false))
        .hasValueSatisfying(m -> assertThat(m).contains("100 KB"));
    String justUnder = "SELECT '" + "x".repeat(100 * 1024 - 20) + "'";
    assertThat(RedshiftSqlRules.checkRequest(List.of(justUnder), false)).isEmpty();
    // Multi-byte characters count as bytes.
    assertThat(RedshiftSqlRules.checkRequest(List.of("SELECT '" + "é".repeat(52_000) + "'"), false))
        .isPresent();
    assertThat(RedshiftSqlRules.checkRequest(List.of(" "), false)).isPresent();
    assertThat(RedshiftSqlRules.checkRequest(List.of(), true)).isPresent();
  }
}
