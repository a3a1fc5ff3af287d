package io.tidemark.connect.athena.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.LandingFormat;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * 64-bit integers (snowflake ids >= 10^18, offsets) and BIGINT UNSIGNED keys (integral decimals up
 * to 18446744073709551615) are read exactly from commit events and reach the MERGE's key bounds
 * digit for digit. Expected values are the literals, never computed.
 */
class ExactNumbersTest {

  private static final TableMapping USERS =
      Fixtures.users("awsdatacatalog", "awsdatacatalog", DeleteMode.HARD);

  /** A table keyed by a BIGINT UNSIGNED column, which the sink lands as an integral decimal. */
  private static final TableMapping UNSIGNED =
      new TableMapping(
          "accounts",
          USERS.topic(),
          Fixtures.name("hive", "lake", "accounts_landing"),
          "s3://lake/raw/accounts/",
          LandingFormat.JSONL,
          Column.parseList("id:decimal(20,0),__offset:bigint", "test"),
          LandingPartition.parseList("partition:integer(0..15)", "test"),
          Fixtures.name("iceberg", "lake", "accounts"),
          Optional.empty(),
          List.of(Fixtures.id("id")),
          Fixtures.id("__offset"),
          Optional.empty(),
          DeleteMode.HARD,
          List.of(),
          List.of());

  private static String event(String numbers, String keyRanges) {
    return """
        {"bucket":"lake","key":"raw/users/partition=0/users+0+5.jsonl","topic":"%s","partition":0,%s,
         "partitionValues":{"partition":"0"},"keyRanges":{"id":%s}}
        """
        .formatted(USERS.topic(), numbers, keyRanges);
  }

  private static String mergeOf(TableMapping mapping, String keyRange) {
    CommitEvent e =
        CommitEventJson.parse(
            event("\"startOffset\":5,\"endOffset\":9,\"recordCount\":5,\"bytes\":120", keyRange));
    return BatchPlanner.athenaDefaults(1000).plan(mapping, List.of(e)).get(0).sql();
  }

  @Test
  void nineteenDigitOffsetsAndCountsAreExact() {
    CommitEvent e =
        CommitEventJson.parse(
            event(
                "\"startOffset\":9223372036854775806,\"endOffset\":9223372036854775807,"
                    + "\"recordCount\":1234567890123456789,\"bytes\":9007199254740993",
                "{\"min\":1,\"max\":2}"));
    assertThat(e.startOffset()).isEqualTo(9223372036854775806L);
    assertThat(e.endOffset()).isEqualTo(9223372036854775807L);
    assertThat(e.recordCount()).isEqualTo(1234567890123456789L);
    assertThat(e.bytes()).isEqualTo(9007199254740993L);
  }

  @Test
  void bigintKeyRangesReachTheMergeDigitForDigit() {
    assertThat(mergeOf(USERS, "{\"min\":9007199254740993,\"max\":9223372036854775807}"))
        .contains("t.\"id\" BETWEEN 9007199254740993 AND 9223372036854775807\n");
    // Snowflake ids: 10^18 + 1 is not a double.
    assertThat(mergeOf(USERS, "{\"min\":1000000000000000001,\"max\":1000000000000000003}"))
        .contains("t.\"id\" BETWEEN 1000000000000000001 AND 1000000000000000003\n");
    assertThat(mergeOf(USERS, "{\"min\":-9223372036854775808,\"max\":-9007199254740993}"))
        .contains("t.\"id\" BETWEEN -9223372036854775808 AND -9007199254740993\n");
  }

  @Test
  void unsignedKeyRangesAsIntegralDecimalsBoundTheMerge() {
    String expected = "t.\"id\" BETWEEN 9223372036854775807 AND DECIMAL '18446744073709551615'\n";
    assertThat(mergeOf(UNSIGNED, "{\"min\":9223372036854775807,\"max\":18446744073709551615}"))
        .contains(expected);
    assertThat(
            mergeOf(UNSIGNED, "{\"min\":9223372036854775807.0,\"max\":1.8446744073709551615E19}"))
        .contains(expected);
    assertThat(
            mergeOf(UNSIGNED, "{\"min\":\"9223372036854775807\",\"max\":\"18446744073709551615\"}"))
        .contains(expected);
    assertThat(mergeOf(UNSIGNED, "{\"min\":9007199254740993,\"max\":9007199254740993}"))
        .contains("t.\"id\" BETWEEN 9007199254740993 AND 9007199254740993\n");
  }

  @Test
  void fractionsAndInexactDoublesAreNotKeyBounds() {
    assertThatThrownBy(() -> mergeOf(UNSIGNED, "{\"min\":1.5,\"max\":2}"))
        .hasMessageContaining("'keyRanges.id.min' must be a whole number");
    // From a converter that made a double of it: 9007199254740993 has no double, so it is refused.
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bucket", "lake");
    m.put("key", "k");
    m.put("topic", "t");
    m.put("partition", 0L);
    m.put("startOffset", 5L);
    m.put("endOffset", 9L);
    m.put("recordCount", 5L);
    m.put("bytes", 120L);
    m.put("keyRanges", Map.of("id", Map.of("min", 9.007199254740993E15, "max", 9.1E15)));
    assertThatThrownBy(() -> CommitEvent.fromMap(m))
        .hasMessageContaining("'keyRanges.id.min' must be a whole number");
    m.put(
        "keyRanges",
        Map.of(
            "id",
            Map.of(
                "min", new BigDecimal("9007199254740993"),
                "max", new BigInteger("18446744073709551615"))));
    assertThat(CommitEvent.fromMap(m).keyRanges().get("id").toString())
        .isEqualTo("9007199254740993..18446744073709551615");
    m.put("keyRanges", Map.of("id", Map.of("min", 42.0, "max", 43L)));
    assertThat(CommitEvent.fromMap(m).keyRanges().get("id").toString()).isEqualTo("42..43");
  }
}
