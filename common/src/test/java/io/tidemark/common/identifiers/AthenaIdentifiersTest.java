package io.tidemark.common.identifiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AthenaIdentifiersTest {

  private final AthenaIdentifiers quote = AthenaIdentifiers.defaults();
  private final AthenaIdentifiers suffix = new AthenaIdentifiers(ReservedWordHandling.SUFFIX, "_");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CustomerId|customerid",
        "first name|first_name",
        "price$usd|price_usd",
        "café|caf_",
        "1st|1st",
        "emoji😀x|emoji_x",
      })
  void keepsOnlyLowerCaseLettersDigitsUnderscores(String in, String out) {
    assertThat(quote.normalize(in)).isEqualTo(out);
    assertThat(quote.problem(out)).isEmpty();
  }

  @Test
  void truncatesTo255() {
    assertThat(quote.normalize("A".repeat(300))).isEqualTo("a".repeat(255));
    assertThat(suffix.normalize("x".repeat(300))).hasSize(255);
  }

  @Test
  void reservedWordsOfDdlAndSelectAreBothHandled() {
    assertThat(suffix.normalize("DATE")).isEqualTo("date_"); // DDL only
    assertThat(suffix.normalize("first")).isEqualTo("first_"); // SELECT only
    assertThat(quote.normalize("date")).isEqualTo("date");
    assertThat(quote.needsQuoting("date")).isTrue();
    assertThat(quote.needsQuoting("dt")).isFalse();
  }

  @Test
  void leadingDigitOrUnderscoreNeedsQuoting() {
    assertThat(quote.needsQuoting("1st")).isTrue();
    assertThat(quote.needsQuoting("_op")).isTrue();
  }

  @Test
  void problemNamesTheCharacter() {
    assertThat(quote.problem("Upper"))
        .hasValue(
            "identifier 'Upper' contains 'U' at index 0; Athena allows only lower-case letters, digits and underscores");
  }

  @Test
  void quotesForDdlAndDml() {
    assertThat(quote.quoteDdl("da`te")).isEqualTo("`da``te`");
    assertThat(quote.quote("date")).isEqualTo("\"date\"");
  }
}
