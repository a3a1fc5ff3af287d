package io.tidemark.connect.athena;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.kit.GeneratedDoc;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated; this fails when it is stale. */
class ConfigReferenceTest {

  @Test
  void referenceIsCurrent() {
    String generated = ConfigReference.markdown();
    assertThat(generated).contains("| `table.table1.keys` |").contains("| `engine` |");
    GeneratedDoc.assertCurrent(Path.of("docs", "configuration.md"), generated);
  }
}
