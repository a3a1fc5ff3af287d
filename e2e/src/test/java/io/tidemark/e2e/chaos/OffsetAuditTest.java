package io.tidemark.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.e2e.chaos.OffsetAudit.Coordinates;
import io.tidemark.e2e.chaos.OffsetAudit.Landed;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OffsetAuditTest {
  private static Coordinates at(long offset) {
    return new Coordinates("t", 0, offset);
  }

  @Test
  void everyOffsetInExactlyOneObjectPasses() {
    OffsetAudit.Result result =
        OffsetAudit.check(
            Set.of(at(0), at(1), at(3)),
            List.of(new Landed(at(0), "a"), new Landed(at(1), "a"), new Landed(at(3), "b")));
    assertThat(result.exactlyOnce()).isTrue();
    assertThat(result.describe(3)).isEqualTo("3 offsets, each landed exactly once");
  }

  @Test
  void lostDuplicatedAndUnexpectedOffsetsAreEachNamed() {
    OffsetAudit.Result result =
        OffsetAudit.check(
            Set.of(at(0), at(1), at(2)),
            List.of(
                new Landed(at(0), "a"),
                new Landed(at(0), "b"),
                new Landed(at(2), "b"),
                new Landed(at(9), "c"),
                new Landed(new Coordinates("t", 1, 2), "d")));
    assertThat(result.exactlyOnce()).isFalse();
    assertThat(result.lost()).containsExactly(at(1));
    assertThat(result.duplicated()).containsOnlyKeys(at(0)).containsEntry(at(0), List.of("a", "b"));
    assertThat(result.unexpected()).containsExactly(at(9), new Coordinates("t", 1, 2));
    assertThat(result.describe(5))
        .contains("1 lost [t-0@1]", "1 duplicated [t-0@0=[a, b]]", "2 unexpected");
  }

  @Test
  void theSameObjectHoldingAnOffsetTwiceIsADuplicate() {
    assertThat(
            OffsetAudit.check(
                    Set.of(at(5)), List.of(new Landed(at(5), "a"), new Landed(at(5), "a")))
                .duplicated())
        .containsOnlyKeys(at(5));
  }
}
