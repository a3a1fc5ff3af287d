package io.tidemark.connect.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated; this fails when it is stale. */
class ConfigReferenceTest {

  private static final Path DOC = Path.of("docs", "configuration.md");

  @Test
  void referenceIsCurrent() throws IOException {
    String generated = ConfigReference.markdown();
    if (Boolean.getBoolean("tidemark.docs.regenerate")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
    }
    assertThat(DOC).as("regenerate with -Dtidemark.docs.regenerate=true").exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/configuration.md is stale; regenerate with -Dtidemark.docs.regenerate=true")
        .isEqualTo(generated);
    assertThat(generated).contains("| `table.table1.keys` |").contains("| `engine` |");
  }
}
