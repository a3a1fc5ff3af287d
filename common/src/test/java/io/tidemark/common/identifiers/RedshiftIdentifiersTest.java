package io.tidemark.common.identifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedshiftIdentifiersTest {

  private final RedshiftIdentifiers quote = RedshiftIdentifiers.defaults();
  private final RedshiftIdentifiers suffix =
      new RedshiftIdentifiers(ReservedWordHandling.SUFFIX, "_");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CustomerId|customerid",
        "first name|first_name",
        "price$usd|price$usd",
        "1st|_1st",
        "$amount|_$amount",
        "a-b.c|a_b_c",
        "café|café",
        "tab\there|tab_here",
      })
  void normalizesCharactersAndCase(String in, String out) {
    assertThat(quote.normalize(in)).isEqualTo(out);
    assertThat(quote.problem(quote.normalize(in))).isEmpty();
  }

  @Test
  void emptyNameBecomesUnderscore() {
    assertThat(quote.normalize("")).isEqualTo("_");
  }

  @Test
  void reservedWordsAreKeptOrSuffixed() {
    assertThat(quote.normalize("Select")).isEqualTo("select");
    assertThat(quote.needsQuoting("select")).isTrue();
    assertThat(suffix.normalize("Select")).isEqualTo("select_");
    assertThat(suffix.needsQuoting("select_")).isFalse();
    assertThat(quote.isReserved("TIMESTAMP")).isTrue();
    assertThat(quote.isReserved("ts")).isFalse();
  }

  @Test
  void systemColumnsAreAlwaysSuffixed() {
    assertThat(quote.normalize("ctid")).isEqualTo("ctid_");
    assertThat(quote.problem("xmin"))
        .hasValueSatisfying(p -> assertThat(p).contains("system column"));
  }

  @Test
  void truncatesTo127BytesOnCodePointBoundary() {
    String ascii = "a".repeat(200);
    assertThat(quote.normalize(ascii)).hasSize(127);
    // 'é' is two bytes: 63 of them are 126 bytes, a 64th would be 128.
    String accented = "é".repeat(100);
    String n = quote.normalize(accented);
    assertThat(Utf8.byteLength(n)).isEqualTo(126);
    assertThat(n).isEqualTo("é".repeat(63));
  }

  @Test
  void suffixedReservedWordStaysWithinLimit() {
    RedshiftIdentifiers longSuffix = new RedshiftIdentifiers(ReservedWordHandling.SUFFIX, "_col");
    assertThat(longSuffix.normalize("user")).isEqualTo("user_col");
  }

  @Test
  void problemsAreExplained() {
    assertThat(quote.problem("")).hasValue("identifier is empty");
    assertThat(quote.problem("x".repeat(128)))
        .hasValueSatisfying(p -> assertThat(p).contains("128 bytes").contains("at most 127"));
    assertThat(quote.problem("a\"b")).isPresent();
    assertThat(quote.problem("Mixed Case OK when quoted")).isEmpty();
  }

  @Test
  void quotesByDoublingQuotes() {
    assertThat(quote.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
  }

  @Test
  void rejectsInvalidSuffix() {
    assertThatThrownBy(() -> new RedshiftIdentifiers(ReservedWordHandling.SUFFIX, "-x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'-x'");
  }
}
