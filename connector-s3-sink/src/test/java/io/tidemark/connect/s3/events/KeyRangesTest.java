package io.tidemark.connect.s3.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.s3.format.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRangesTest {

  @Test
  void tracksTheSmallestAndLargestIntegerOfEachField() {
    KeyRanges r = new KeyRanges(List.of("id", "shard"));
    r.observe(new Row().put("id", 7L).put("shard", 3));
    r.observe(new Row().put("id", -2L).put("shard", 1));
    r.observe(new Row().put("id", 40L).put("shard", 2));
    assertThat(r.result())
        .isEqualTo(Map.of("id", new KeyRanges.Range(-2, 40), "shard", new KeyRanges.Range(1, 3)));
  }

  /**
   * MySQL BIGINT UNSIGNED (Debezium's precise mode: a Decimal of scale 0) beyond a long, exactly.
   */
  @Test
  void integralDecimalsOfAnySizeHaveExactRangesInTheEventJson() {
    KeyRanges r = new KeyRanges(List.of("id", "price"));
    r.observe(
        new Row()
            .put("id", new java.math.BigDecimal("18446744073709551615"))
            .put("price", new java.math.BigDecimal("1.5")));
    r.observe(new Row().put("id", new java.math.BigDecimal("9007199254740993")).put("price", 2L));
    r.observe(new Row().put("id", 9223372036854775807L).put("price", 3L));
    assertThat(r.result()).containsOnlyKeys("id");
    CommitEvent event =
        new CommitEvent(
            1,
            "s3-sink",
            "lake",
            "k",
            "o",
            "o",
            0,
            0,
            2,
            3,
            10,
            "partition=0",
            Map.of(),
            "fp",
            "JSONL",
            false,
            r.result());
    assertThat(event.toJson())
        .endsWith(
            "\"keyRanges\":{\"id\":{\"min\":9007199254740993,\"max\":18446744073709551615}}}");
  }

  @Test
  void aFieldThatIsNullMissingOrNotAnIntegerInOneRowHasNoRange() {
    KeyRanges r = new KeyRanges(List.of("id", "code", "gone", "late"));
    r.observe(new Row().put("id", 1L).put("code", "a").put("late", 5L));
    r.observe(new Row().put("id", 2L).put("code", 3L).put("late", null));
    r.observe(new Row().put("id", 3L).put("late", 6L));
    assertThat(r.result()).isEqualTo(Map.of("id", new KeyRanges.Range(1, 3)));
    assertThat(new KeyRanges(List.of()).result()).isNull();
  }

  @Test
  void theEventJsonCarriesTheRangesOnlyWhenThereAreSome() {
    CommitEvent with =
        new CommitEvent(
            1,
            "s3-sink",
            "lake",
            "raw/o/partition=0/o+0+00000000000000000000.jsonl",
            "o",
            "o",
            0,
            0,
            1,
            2,
            10,
            "partition=0",
            Map.of("partition", "0"),
            "fp",
            "JSONL",
            false,
            Map.of("id", new KeyRanges.Range(1, 9)));
    assertThat(with.toJson())
        .endsWith("\"recovered\":false,\"keyRanges\":{\"id\":{\"min\":1,\"max\":9}}}");
    CommitEvent without =
        new CommitEvent(
            1,
            "s3-sink",
            "lake",
            "k",
            "o",
            "o",
            0,
            0,
            1,
            2,
            10,
            "partition=0",
            Map.of(),
            null,
            "JSONL",
            true,
            null);
    assertThat(without.toJson()).doesNotContain("keyRanges");
  }
}
