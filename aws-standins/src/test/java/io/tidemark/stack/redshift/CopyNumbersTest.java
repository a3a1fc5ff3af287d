package io.tidemark.stack.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** COPY reads JSON numbers exactly and refuses what does not fit the column, as Redshift. */
class CopyNumbersTest {

  @Test
  void jsonNumbersAreReadExactly() throws Exception {
    var node =
        CopyLoader.parseJson(
            "{\"d\": 1234567890123456789012345678.1234567890, \"b\": 9223372036854775807,"
                + " \"u\": 18446744073709551615, \"z\": 0.10}");
    assertThat(CopyLoader.exactNumber(node.get("d")).toPlainString())
        .isEqualTo("1234567890123456789012345678.1234567890");
    assertThat(CopyLoader.exactNumber(node.get("b")).toPlainString())
        .isEqualTo("9223372036854775807");
    assertThat(CopyLoader.exactNumber(node.get("u")).toPlainString())
        .isEqualTo("18446744073709551615");
    // What goes to PostgreSQL keeps every digit too.
    assertThat(node.toString())
        .contains("1234567890123456789012345678.1234567890")
        .contains("18446744073709551615")
        .contains("0.10");
  }

  @Test
  void valuesThatDoNotFitTheColumnAreRefused() {
    CopyLoader.ColumnType decimal38 = new CopyLoader.ColumnType("numeric", 38, 10);
    assertThat(decimal38.misfit(new BigDecimal("9999999999999999999999999999.9999999999")))
        .isNull();
    assertThat(decimal38.misfit(new BigDecimal("10000000000000000000000000000")))
        .contains("DECIMAL(38,10)");
    // Extra fractional digits are rounded to the scale (as Redshift does), unless that overflows.
    assertThat(decimal38.misfit(new BigDecimal("1.123456789012345"))).isNull();
    assertThat(decimal38.misfit(new BigDecimal("9999999999999999999999999999.99999999995")))
        .isNotNull();
    CopyLoader.ColumnType decimal20 = new CopyLoader.ColumnType("numeric", 20, 0);
    assertThat(decimal20.misfit(new BigDecimal("18446744073709551615"))).isNull();
    assertThat(decimal20.misfit(new BigDecimal("123456789012345678901"))).isNotNull();
    CopyLoader.ColumnType bigint = new CopyLoader.ColumnType("bigint", 0, 0);
    assertThat(bigint.misfit(new BigDecimal("9223372036854775807"))).isNull();
    assertThat(bigint.misfit(new BigDecimal("-9223372036854775808"))).isNull();
    assertThat(bigint.misfit(new BigDecimal("9223372036854775808"))).contains("BIGINT");
    assertThat(new CopyLoader.ColumnType("smallint", 0, 0).misfit(new BigDecimal("32768")))
        .isNotNull();
    assertThat(new CopyLoader.ColumnType("integer", 0, 0).misfit(new BigDecimal("1e400")))
        .isNotNull();
    assertThat(new CopyLoader.ColumnType("character varying", 0, 0).misfit(BigDecimal.TEN))
        .isNull();
  }
}
