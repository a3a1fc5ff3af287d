package io.tidemark.connect.redshift.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.ColumnDef;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.TableDef;
import io.tidemark.connect.redshift.sql.WriteMode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WideningTest {

  private static TargetColumn catalog(String type, int length, int precision, int scale) {
    return TargetColumn.parse(
        List.of(
            "c",
            type,
            Integer.toString(length),
            Integer.toString(precision),
            Integer.toString(scale),
            "YES"));
  }

  private static ColumnDef wanted(String type) {
    return new ColumnDef("c", type, true);
  }

  @Test
  void onlyALongerVarcharIsWidenedInPlace() {
    TargetColumn varchar80 = catalog("character varying", 80, 0, 0);
    // Always to the maximum: tasks on different schema versions cannot shrink it in turn.
    assertThat(Widening.varcharBytes(wanted("VARCHAR(800)"), varchar80)).hasValue(65535);
    assertThat(Widening.varcharBytes(wanted("VARCHAR(65535)"), varchar80)).hasValue(65535);
    assertThat(
            Widening.varcharBytes(
                wanted("VARCHAR(65535)"), catalog("character varying", 65535, 0, 0)))
        .isEmpty();
    assertThat(Widening.varcharBytes(wanted("VARCHAR(80)"), varchar80)).isEmpty();
    assertThat(Widening.varcharBytes(wanted("VARCHAR(40)"), varchar80)).isEmpty();
    assertThat(Widening.varcharBytes(wanted("BIGINT"), varchar80)).isEmpty();
    assertThat(Widening.varcharBytes(wanted("VARCHAR(800)"), catalog("integer", 0, 32, 0)))
        .isEmpty();
    assertThat(Widening.varcharBytes(wanted("VARCHAR(800)"), null)).isEqualTo(OptionalInt.empty());
  }

  @Test
  void widerSourceTypesAreRecognisedForEveryFamily() {
    TargetColumn integer = catalog("integer", 0, 32, 0);
    assertThat(Widening.wider(wanted("BIGINT"), integer)).isTrue();
    assertThat(Widening.wider(wanted("INTEGER"), integer)).isFalse();
    assertThat(Widening.wider(wanted("SMALLINT"), integer)).isFalse();
    assertThat(Widening.wider(wanted("DECIMAL(20,0)"), integer)).isTrue();
    assertThat(Widening.wider(wanted("DECIMAL(5,0)"), integer)).isFalse();
    assertThat(Widening.wider(wanted("DECIMAL(5,1)"), integer)).isTrue();

    TargetColumn decimal = catalog("numeric", 0, 10, 2);
    assertThat(Widening.wider(wanted("DECIMAL(12,2)"), decimal)).isTrue();
    assertThat(Widening.wider(wanted("DECIMAL(10,4)"), decimal)).isTrue();
    assertThat(Widening.wider(wanted("DECIMAL(10,2)"), decimal)).isFalse();
    assertThat(Widening.wider(wanted("DECIMAL(9,1)"), decimal)).isFalse();
    assertThat(Widening.wider(wanted("BIGINT"), decimal)).isTrue();
    assertThat(Widening.wider(wanted("SMALLINT"), decimal)).isFalse();

    assertThat(Widening.wider(wanted("DOUBLE PRECISION"), catalog("real", 0, 24, 0))).isTrue();
    assertThat(Widening.wider(wanted("REAL"), catalog("double precision", 0, 53, 0))).isFalse();

    assertThat(Widening.wider(wanted("VARCHAR(100)"), catalog("character varying", 80, 0, 0)))
        .isTrue();
    assertThat(Widening.wider(wanted("VARCHAR(65535)"), catalog("character varying", 65535, 0, 0)))
        .isFalse();
    // A string of undeclared length (TEXT, no propagated length) is wider than a sized column.
    assertThat(Widening.wider(wanted("VARCHAR(65535)"), catalog("character varying", 80, 0, 0)))
        .isTrue();
    // Precision 38 is also what an undeclared precision maps to: its digits are not a widening.
    assertThat(Widening.wider(wanted("DECIMAL(38,2)"), decimal)).isFalse();
    assertThat(Widening.wider(wanted("DECIMAL(38,4)"), decimal)).isTrue();
  }

  /**
   * A valid value of a widened source column is a schema conflict (the task stops, or the DLQ with
   * incompatible handling dlq), never a bad value quietly dead-lettered; a value too big for the
   * source's own type stays a bad value.
   */
  @Test
  void aValueThatOnlyAWidenedColumnHoldsIsAnIncompatibleChangeWithTheSteps() {
    RowScreen screen = new RowScreen(WriteMode.UPSERT);
    Map<String, TargetColumn> target =
        Map.of(
            "id", catalog("bigint", 0, 64, 0),
            "c", catalog("integer", 0, 32, 0));
    TableDef widened =
        new TableDef(
            "public",
            "t",
            List.of(new ColumnDef("id", "BIGINT", false), wanted("BIGINT")),
            List.of("id"));
    ChangeRow big =
        new ChangeRow(Map.of("id", 1L, "c", 5_000_000_000L), false, new SourceOffset("t", 0, 7));
    RowScreen.Problem problem = screen.check(widened, target, big).orElseThrow();
    assertThat(problem.incompatible()).isTrue();
    assertThat(problem.reason())
        .contains("out of range for INTEGER")
        .contains("now BIGINT (widened at the source)")
        .contains("ALTER TABLE \"public\".\"t\" ADD COLUMN \"c__widened\" BIGINT");

    // MySQL FLOAT widened to DOUBLE: REAL would round the value.
    TableDef doubled =
        new TableDef(
            "public",
            "t",
            List.of(new ColumnDef("id", "BIGINT", false), wanted("DOUBLE PRECISION")),
            List.of("id"));
    Map<String, TargetColumn> real =
        Map.of("id", catalog("bigint", 0, 64, 0), "c", catalog("real", 0, 24, 0));
    RowScreen.Problem rounded32 =
        screen
            .check(
                doubled,
                real,
                new ChangeRow(
                    Map.of("id", 1L, "c", 16_777_217.0d), false, new SourceOffset("t", 0, 9)))
            .orElseThrow();
    assertThat(rounded32.incompatible()).isTrue();
    assertThat(rounded32.reason()).contains("REAL would round it", "widened at the source");
    assertThat(
            screen.check(
                doubled,
                real,
                new ChangeRow(Map.of("id", 1L, "c", 0.5d), false, new SourceOffset("t", 0, 10))))
        .isEmpty();

    // A widened key column cannot be dropped: the steps say to build a new table.
    TableDef keyed =
        new TableDef(
            "public",
            "t",
            List.of(wanted("BIGINT"), new ColumnDef("v", "INTEGER", true)),
            List.of("c"));
    assertThat(
            screen
                .check(
                    keyed,
                    Map.of("c", catalog("integer", 0, 32, 0), "v", catalog("integer", 0, 32, 0)),
                    new ChangeRow(
                        Map.of("c", 5_000_000_000L, "v", 1), false, new SourceOffset("t", 0, 11)))
                .orElseThrow()
                .reason())
        .contains("create a new table")
        .doesNotContain("DROP COLUMN");

    TableDef same =
        new TableDef(
            "public",
            "t",
            List.of(new ColumnDef("id", "BIGINT", false), wanted("DECIMAL(10,2)")),
            List.of("id"));
    Map<String, TargetColumn> decimalTarget =
        Map.of("id", catalog("bigint", 0, 64, 0), "c", catalog("numeric", 0, 10, 2));
    ChangeRow rounded =
        new ChangeRow(
            Map.of("id", 1L, "c", new BigDecimal("1.234")), false, new SourceOffset("t", 0, 8));
    RowScreen.Problem bad = screen.check(same, decimalTarget, rounded).orElseThrow();
    assertThat(bad.incompatible()).isFalse();
  }
}
