package io.tidemark.connect.redshift.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.ColumnDef;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.TableDef;
import io.tidemark.connect.redshift.sql.WriteMode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowScreenTest {
  private static final TableDef TABLE =
      new TableDef(
          "public",
          "t",
          List.of(
              new ColumnDef("id", "INTEGER", false),
              // As wide as the target: what does not fit is a bad value, not a widened column
              // (WideningTest).
              new ColumnDef("name", "VARCHAR(8)", true),
              new ColumnDef("amount", "DECIMAL(5,2)", true)),
          List.of("id"));
  private static final Map<String, TargetColumn> TARGET =
      target(
          Arrays.asList("id", "integer", null, "32", "0", "NO"),
          Arrays.asList("name", "character varying", "8", null, null, "YES"),
          Arrays.asList("amount", "numeric", null, "5", "2", "YES"));
  private final RowScreen screen = new RowScreen(WriteMode.UPSERT);

  @SafeVarargs
  private static Map<String, TargetColumn> target(List<String>... rows) {
    Map<String, TargetColumn> out = new LinkedHashMap<>();
    for (List<String> row : rows) {
      out.put(row.get(0), TargetColumn.parse(row));
    }
    return out;
  }

  private Optional<RowScreen.Problem> check(Object id, Object name, Object amount, boolean delete) {
    Map<String, Object> values = new HashMap<>();
    values.put("id", id);
    values.put("name", name);
    values.put("amount", amount);
    return screen.check(TABLE, TARGET, new ChangeRow(values, delete, new SourceOffset("t", 0, 7)));
  }

  @Test
  void valuesThatFitPass() {
    assertThat(check(1, "12345678", new BigDecimal("999.99"), false)).isEmpty();
    assertThat(check(1, null, null, false)).isEmpty();
  }

  /** Redshift rounds a value to the column's scale: a change it would alter is a bad record. */
  @Test
  void moreDecimalPlacesThanTheColumnsScaleIsABadRecordNotRounded() {
    assertThat(check(1, null, new BigDecimal("1.234"), false))
        .hasValueSatisfying(
            p -> {
              assertThat(p.column()).isEqualTo("amount");
              assertThat(p.reason()).contains("1.234").contains("3 decimal places");
            });
    assertThat(check(1, null, new BigDecimal("-0.001"), false)).isPresent();
    assertThat(check(1, null, 1.005d, false)).isPresent();
    // Trailing zeros change nothing: 1.230 is 1.23.
    assertThat(check(1, null, new BigDecimal("1.230"), false)).isEmpty();
    assertThat(check(1, null, 2.5d, false)).isEmpty();
  }

  @Test
  void aFractionIntoAnIntegerColumnIsABadRecordNotRounded() {
    assertThat(check(new BigDecimal("1.5"), null, null, false))
        .hasValueSatisfying(
            p -> {
              assertThat(p.column()).isEqualTo("id");
              assertThat(p.reason()).contains("1.5").contains("INTEGER");
            });
    assertThat(check(2.5d, null, null, false)).isPresent();
    assertThat(check(0.1f, null, null, false)).isPresent();
    assertThat(check(new BigDecimal("2.00"), null, null, false)).isEmpty();
    assertThat(check(3.0d, null, null, false)).isEmpty();
  }

  @Test
  void notANumberIntoAnIntegerOrDecimalColumnIsABadRecord() {
    assertThat(check(Double.NaN, null, null, false)).isPresent();
    assertThat(check(1, null, Double.POSITIVE_INFINITY, false)).isPresent();
  }

  @Test
  void tooLongCountsBytesNotCharacters() {
    assertThat(check(1, "ééééé", null, false))
        .hasValueSatisfying(
            p -> {
              assertThat(p.column()).isEqualTo("name");
              assertThat(p.reason()).contains("10 bytes", "VARCHAR(8)");
              assertThat(p.incompatible()).isFalse();
            });
  }

  @Test
  void precisionOverflowAndIntegerRange() {
    assertThat(check(1, "a", new BigDecimal("1000.00"), false))
        .hasValueSatisfying(
            p -> assertThat(p.reason()).contains("numeric overflow", "DECIMAL(5,2)"));
    assertThat(check(1L << 31, "a", null, false))
        .hasValueSatisfying(p -> assertThat(p.reason()).contains("out of range for INTEGER"));
  }

  @Test
  void nullKeysAndDeletesOnlyNeedTheirKey() {
    assertThat(check(null, "a", null, true))
        .hasValueSatisfying(p -> assertThat(p.reason()).contains("key column is NULL"));
    assertThat(check(1, "far too long for eight bytes", new BigDecimal("123456.7"), true))
        .isEmpty();
    // Text Redshift cannot store at all, in a delete's before image: the delete still applies.
    assertThat(check(1, "a\u0000b", null, true)).isEmpty();
    assertThat(check(1, "\ud800", null, true)).isEmpty();
    assertThat(check("\u0000", null, null, true))
        .hasValueSatisfying(p -> assertThat(p.column()).isEqualTo("id"));
  }

  @Test
  void aTypeTheColumnCannotTakeIsIncompatible() {
    TableDef changed =
        new TableDef(
            "public",
            "t",
            List.of(
                new ColumnDef("id", "INTEGER", false),
                new ColumnDef("amount", "VARCHAR(40)", true)),
            List.of("id"));
    Map<String, Object> values = Map.of("id", 1, "amount", "12.50 EUR");
    assertThat(
            screen.check(
                changed, TARGET, new ChangeRow(values, false, new SourceOffset("t", 0, 1))))
        .hasValueSatisfying(
            p -> {
              assertThat(p.incompatible()).isTrue();
              assertThat(p.column()).isEqualTo("amount");
              assertThat(p.reason()).contains("VARCHAR(40)", "DECIMAL(5,2)");
            });
    // Numbers move between numeric families (range-checked), timestamps between zones.
    assertThat(TARGET.get("amount").accepts("BIGINT")).isTrue();
    assertThat(TargetColumn.parse(List.of("t", "timestamp with time zone")).accepts("TIMESTAMP"))
        .isTrue();
    assertThat(TargetColumn.parse(List.of("b", "boolean")).accepts("VARCHAR(10)")).isFalse();
  }
}
