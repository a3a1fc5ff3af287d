package io.tidemark.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableDiffTest {
  @Test
  void equalTablesAreEqualWhateverTheRowOrder() {
    TableDiff.Result result =
        TableDiff.compare(
            "users",
            List.of(List.of("1", "a"), List.of("2", "NULL")),
            List.of(List.of("2", "NULL"), List.of("1", "a")));
    assertThat(result.equal()).isTrue();
    assertThat(result.describe(3)).isEqualTo("users: 2 rows, equal");
  }

  @Test
  void missingExtraAndDifferentRowsAreNamedByKey() {
    TableDiff.Result result =
        TableDiff.compare(
            "users",
            List.of(List.of("1", "a"), List.of("2", "b"), List.of("3", "c")),
            List.of(List.of("1", "a"), List.of("3", "C"), List.of("4", "d")));
    assertThat(result.equal()).isFalse();
    assertThat(result.missing()).containsExactly("2");
    assertThat(result.extra()).containsExactly("4");
    assertThat(result.different()).containsEntry("3", List.of("3|c", "3|C"));
    assertThat(result.describe(3))
        .contains(
            "3 rows expected, 3 found",
            "1 missing, keys [2]",
            "1 extra, keys [4]",
            "3: expected 3|c, found 3|C");
  }

  @Test
  void aKeyTwiceOnOneSideIsRefused() {
    assertThatThrownBy(
            () ->
                TableDiff.compare(
                    "users", List.of(List.of("1", "a"), List.of("1", "b")), List.of()))
        .hasMessageContaining("key 1 appears twice");
  }
}
