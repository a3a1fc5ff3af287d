package io.tidemark.connect.redshift.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class RedshiftNamesTest {

  private final RedshiftNames names = RedshiftNames.defaults();

  @Test
  void alwaysQuotesAndLowerCases() {
    assertThat(names.quote("Orders")).isEqualTo("\"orders\"");
    assertThat(names.quote("select")).isEqualTo("\"select\"");
    assertThat(names.quote("a b; DROP TABLE x")).isEqualTo("\"a b; drop table x\"");
    assertThat(names.quote("日本")).isEqualTo("\"日本\"");
    assertThat(names.qualified("public", "t")).isEqualTo("\"public\".\"t\"");
  }

  @Test
  void rejectsWhatRedshiftCannotUseEvenQuoted() {
    assertThatThrownBy(() -> names.quote("a\"b"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("double quote");
    assertThatThrownBy(() -> names.quote("a\nb")).isInstanceOf(DataException.class);
    assertThatThrownBy(() -> names.quote("")).isInstanceOf(DataException.class);
    assertThatThrownBy(() -> names.quote("oid")).isInstanceOf(DataException.class);
    assertThatThrownBy(() -> names.quote("x".repeat(128)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("128 bytes");
    // 100 characters, 200 bytes
    assertThatThrownBy(() -> names.quote("é".repeat(100)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("200 bytes");
    assertThat(names.quote("x".repeat(127))).hasSize(129);
  }
}
