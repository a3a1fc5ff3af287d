package io.tidemark.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.RepoRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The root README's last section is the bad-input table rendered from {@link BadInput}, the list
 * the modules' bad-input tests assert against. Regenerated with the other generated files ({@link
 * GeneratedDoc}).
 */
class BadInputTableTest {

  @Test
  void theReadmeTableIsTheOneTheTestsAssert() throws Exception {
    Path readme = RepoRoot.find().orElseThrow().resolve("README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int at = text.indexOf(BadInput.README_HEADING);
    GeneratedDoc.assertRegionCurrent(readme, at, text.length(), BadInput.readmeSection());
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
