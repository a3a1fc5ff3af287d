package io.tidemark.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The root README's "Hostile names: what happens" table is the table rendered from {@link
 * HostileNames}, the list the engines' tests assert (regenerated with the other generated files,
 * see {@link GeneratedDoc}).
 */
class HostileNamesReadmeTest {
  private static final Path README = Path.of("../README.md");
  private static final String TABLE_START = "| name case |";

  @Test
  void readmeTableIsTheRenderedList() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int heading = readme.indexOf("\n" + HostileNames.README_HEADING + "\n");
    assertThat(heading).as("README section " + HostileNames.README_HEADING).isNotNegative();
    int nextSection = readme.indexOf("\n## ", heading + 1);
    String section = readme.substring(heading, nextSection < 0 ? readme.length() : nextSection);
    int start = section.indexOf(TABLE_START);
    assertThat(start).as("the table in the section").isNotNegative();
    int end = section.indexOf("\n\n", start);
    String table = section.substring(start, end < 0 ? section.length() : end + 1);
    int at = heading + start;
    GeneratedDoc.assertRegionCurrent(README, at, at + table.length(), HostileNames.markdownTable());
  }

  @Test
  void everyCaseHasItsOwnIdAndName() {
    Set<String> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (HostileNames.Case c : HostileNames.cases()) {
      assertThat(ids.add(c.id())).as("id " + c.id() + " is unique").isTrue();
      assertThat(names.add(c.name())).as("name of " + c.id() + " is unique").isTrue();
    }
    assertThat(HostileNames.byId("127-bytes").name().getBytes(StandardCharsets.UTF_8)).hasSize(127);
    assertThat(HostileNames.byId("128-bytes").name().getBytes(StandardCharsets.UTF_8)).hasSize(128);
    assertThat(HostileNames.byId("200-bytes").name().getBytes(StandardCharsets.UTF_8)).hasSize(200);
    assertThat(HostileNames.byId("200-bytes-utf8").name().getBytes(StandardCharsets.UTF_8))
        .hasSize(200);
  }

  @Test
  void kafkaTopicNamesAreOnlyTheLegalOnes() {
    assertThat(
            HostileNames.cases().stream()
                .filter(HostileNames.Case::kafkaTopic)
                .map(HostileNames.Case::id))
        .containsExactlyInAnyOrder(
            "select",
            "order",
            "group",
            "user",
            "default",
            "camel-case",
            "leading-digit",
            "system-column",
            "127-bytes",
            "128-bytes",
            "200-bytes",
            "dot",
            "stage-column",
            "offsets-table");
  }

  @Test
  void codeSpansSurviveBackticksPipesAndSpaces() {
    assertThat(HostileNames.code("a`b")).isEqualTo("``a`b``");
    assertThat(HostileNames.code("`x")).isEqualTo("`` `x ``");
    assertThat(HostileNames.code(" a ")).isEqualTo("`  a  `");
    assertThat(HostileNames.code("a|b")).isEqualTo("`a\\|b`");
    assertThat(HostileNames.code("x".repeat(40))).isEqualTo("`xxxxxx`… (40 bytes)");
  }
}
