package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.kit.GeneratedDoc;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  @Test
  void documentationMatchesTheConfigDef() {
    String generated = ConfigDocs.markdown();
    assertThat(generated)
        .contains("`redshift.workgroup.name`", "`redshift.load.path`", "(required)");
    GeneratedDoc.assertCurrent(Path.of("docs/configuration.md"), generated);
  }
}
