package io.tidemark.connect.redshift.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class SqlLiteralsTest {

  @Test
  void quotesAreDoubled() {
    assertThat(SqlLiterals.string("it's")).isEqualTo("'it''s'");
    assertThat(SqlLiterals.string("'; DROP TABLE t; --")).isEqualTo("'''; DROP TABLE t; --'");
  }

  @Test
  void backslashesAndControlCharactersNeverAppearInsideALiteral() {
    assertThat(SqlLiterals.string("a\\b")).isEqualTo("'a' || CHR(92) || 'b'");
    assertThat(SqlLiterals.string("line1\nline2\r\t"))
        .isEqualTo("'line1' || CHR(10) || 'line2' || CHR(13) || CHR(9)");
    assertThat(SqlLiterals.string("\\")).isEqualTo("CHR(92)");
    assertThat(SqlLiterals.string("\\'")).isEqualTo("CHR(92) || ''''");
  }

  @Test
  void emptyAndUnicodeStrings() {
    assertThat(SqlLiterals.string("")).isEqualTo("''");
    assertThat(SqlLiterals.string("Zoë 🐳 日本")).isEqualTo("'Zoë 🐳 日本'");
  }

  @Test
  void nulIsRejected() {
    assertThatThrownBy(() -> SqlLiterals.string("a\u0000b"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("NUL");
  }

  @Test
  void scalarLiterals() {
    assertThat(SqlLiterals.literal(null)).isEqualTo("NULL");
    assertThat(SqlLiterals.literal(true)).isEqualTo("TRUE");
    assertThat(SqlLiterals.literal(-42L)).isEqualTo("-42");
    assertThat(SqlLiterals.literal(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(SqlLiterals.literal(1.5d)).isEqualTo("1.5");
    assertThat(SqlLiterals.literal(Double.NaN)).isEqualTo("CAST('NaN' AS FLOAT8)");
    assertThat(SqlLiterals.literal(new byte[] {0, (byte) 0xff, 0x27}))
        .isEqualTo("FROM_HEX('00ff27')");
    assertThat(SqlLiterals.literal(new SqlValue.Json("{\"a\":\"it's\"}")))
        .isEqualTo("JSON_PARSE('{\"a\":\"it''s\"}')");
  }

  @Test
  void temporalLiteralsAreZoneIndependent() {
    assertThat(SqlLiterals.literal(LocalDate.of(2024, 2, 29)))
        .isEqualTo("CAST('2024-02-29' AS DATE)");
    assertThat(SqlLiterals.literal(LocalTime.of(23, 59, 58, 123_456_000)))
        .isEqualTo("CAST('23:59:58.123456' AS TIME)");
    assertThat(SqlLiterals.literal(LocalDateTime.of(2024, 1, 2, 3, 4, 5)))
        .isEqualTo("CAST('2024-01-02 03:04:05.000000' AS TIMESTAMP)");
    assertThat(SqlLiterals.literal(Instant.parse("2024-01-02T03:04:05Z")))
        .isEqualTo("CAST('2024-01-02 03:04:05.000000+00' AS TIMESTAMPTZ)");
  }

  @Test
  void unknownTypesFail() {
    assertThatThrownBy(() -> SqlLiterals.literal(new Object())).isInstanceOf(DataException.class);
  }
}
