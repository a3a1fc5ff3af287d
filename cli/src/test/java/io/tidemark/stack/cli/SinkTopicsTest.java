package io.tidemark.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkTopicsTest {
  private static final List<String> EXISTING =
      List.of(
          "mysql.shop.users",
          "mysql.shop.orders",
          "mysql.other.users",
          "__consumer_offsets",
          "connect-offsets");

  @Test
  void aRegexSinkConsumesTheTopicsItMatchesNotJustNone() {
    assertThat(SinkTopics.of(Map.of("topics.regex", "mysql\\.shop\\..*"), EXISTING))
        .containsExactly("mysql.shop.orders", "mysql.shop.users");
    assertThat(SinkTopics.of(Map.of("topics.regex", ".*"), EXISTING))
        .doesNotContain("__consumer_offsets");
  }

  @Test
  void aListedSinkConsumesItsList() {
    assertThat(SinkTopics.of(Map.of("topics", " a , b,"), EXISTING)).containsExactly("a", "b");
  }

  @Test
  void theGroupIsConnectsUnlessOverridden() {
    assertThat(SinkTopics.group("s3", Map.of())).isEqualTo("connect-s3");
    assertThat(SinkTopics.group("s3", Map.of("consumer.override.group.id", "lake")))
        .isEqualTo("lake");
  }
}
