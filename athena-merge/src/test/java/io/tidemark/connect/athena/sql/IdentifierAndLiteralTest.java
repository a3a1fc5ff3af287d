package io.tidemark.connect.athena.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierAndLiteralTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\"b",
        "a`b",
        "a;b",
        "drop table x;--",
        "a b",
        "Users",
        "zürich",
        "名前",
        "a.b",
        ""
      })
  void hostileNamesAreRejectedNamingTheKey(String name) {
    assertThatThrownBy(() -> Identifier.of(name, "table.users.keys"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("table.users.keys: ");
  }

  @Test
  void a300CharacterNameIsRejectedWithTheLimit() {
    assertThatThrownBy(() -> Identifier.of("a".repeat(300), "table.t.target"))
        .hasMessageContaining("300 characters long, Athena allows at most 255");
    assertThat(Identifier.of("a".repeat(255), "x").name()).hasSize(255);
  }

  @Test
  void reservedWordsAndLeadingDigitsAreAcceptedAndAlwaysQuoted() {
    Identifier order = Identifier.of("order", "x");
    Identifier digit = Identifier.of("1st", "x");
    assertThat(order.needsQuoting()).isTrue();
    assertThat(Quoting.DOUBLE_QUOTES.quote(order)).isEqualTo("\"order\"");
    assertThat(Quoting.BACKTICKS.quote(order)).isEqualTo("`order`");
    assertThat(Quoting.DOUBLE_QUOTES.quote(digit)).isEqualTo("\"1st\"");
    assertThat(Quoting.DOUBLE_QUOTES.quote(Identifier.of("plain", "x"))).isEqualTo("\"plain\"");
  }

  @Test
  void rawQuotingDoublesTheQuoteCharacter() {
    assertThat(Quoting.DOUBLE_QUOTES.quote("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(Quoting.BACKTICKS.quote("a`b")).isEqualTo("`a``b`");
  }

  @Test
  void qualifiedNames() {
    QualifiedName n =
        new QualifiedName(
            "AwsDataCatalog", Identifier.of("lake", "x"), Identifier.of("select", "x"));
    assertThat(Quoting.DOUBLE_QUOTES.withCatalog(n))
        .isEqualTo("\"AwsDataCatalog\".\"lake\".\"select\"");
    assertThat(Quoting.BACKTICKS.withoutCatalog(n)).isEqualTo("`lake`.`select`");
    assertThatThrownBy(
            () ->
                new QualifiedName("cat\"; drop", Identifier.of("a", "x"), Identifier.of("b", "x")))
        .hasMessageContaining("catalog name");
  }

  @Test
  void stringLiteralsEscapeQuotesAndRejectControlCharacters() {
    assertThat(SqlLiterals.string("O'Brien")).isEqualTo("'O''Brien'");
    assertThat(SqlLiterals.string("x'); DROP TABLE t; --")).isEqualTo("'x''); DROP TABLE t; --'");
    assertThat(SqlLiterals.string("zürich 名前")).isEqualTo("'zürich 名前'");
    assertThatThrownBy(() -> SqlLiterals.string("a\u0000b"))
        .hasMessageContaining("U+0000 at index 1");
  }

  @Test
  void integersAreParsedNotCopied() {
    assertThat(SqlLiterals.integer(" 42 ")).isEqualTo("42");
    assertThatThrownBy(() -> SqlLiterals.integer("1 OR 1=1"))
        .hasMessageContaining("not a whole number");
  }
}
