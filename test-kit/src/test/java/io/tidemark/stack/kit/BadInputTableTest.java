package io.tidemark.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.RepoRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The root README's last section is the bad-input table rendered from {@link BadInput}, the list
 * the modules' bad-input tests assert against. Regenerate with {@code ./mvnw -o -pl test-kit test
 * -Dtest=BadInputTableTest -Dtidemark.docs.regenerate=true}.
 */
class BadInputTableTest {

  @Test
  void theReadmeTableIsTheOneTheTestsAssert() throws Exception {
    Path readme = RepoRoot.find().orElseThrow().resolve("README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int at = text.indexOf(BadInput.README_HEADING);
    if (Boolean.getBoolean("tidemark.docs.regenerate")) {
      String head = at < 0 ? text.stripTrailing() + "\n\n" : text.substring(0, at);
      Files.writeString(readme, head + BadInput.readmeSection(), StandardCharsets.UTF_8);
      text = Files.readString(readme, StandardCharsets.UTF_8);
      at = text.indexOf(BadInput.README_HEADING);
    }
    assertThat(at).as("README.md has a section '%s'", BadInput.README_HEADING).isNotNegative();
    assertThat(text.substring(at))
        .as("README.md's bad-input section (the last one) against BadInput")
        .isEqualTo(BadInput.readmeSection());
  }

  @Test
  void everyCaseSaysWhatEachPluginDoes() {
    for (BadInput c : BadInput.values()) {
      assertThat(c.input()).doesNotContain("|");
      for (BadInput.Outcome o : new BadInput.Outcome[] {c.smt, c.s3, c.redshift}) {
        assertThat(o.kind()).isNotNull();
        assertThat(o.how()).doesNotContain("|");
      }
    }
  }
}
