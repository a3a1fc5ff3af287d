package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  @Test
  void documentationMatchesTheConfigDef() throws Exception {
    String generated = ConfigDocs.markdown();
    assertThat(generated)
        .contains("`redshift.workgroup.name`", "`redshift.load.path`", "(required)");
    if (Boolean.getBoolean("tidemark.docs.regenerate")) {
      Files.writeString(Path.of("docs/configuration.md"), generated);
    }
    assertThat(Files.readString(Path.of("docs/configuration.md"))).isEqualTo(generated);
  }
}
