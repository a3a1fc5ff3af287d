package io.tidemark.connect.smt.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.kit.GeneratedDoc;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

  private static Path reference() {
    String base = System.getProperty("tidemark.smt.basedir", System.getProperty("user.dir"));
    return Path.of(base, "docs", "config-reference.md");
  }

  @Test
  void committedReferenceIsUpToDate() {
    GeneratedDoc.assertCurrent(reference(), ConfigReference.render());
  }

  @Test
  void everyKeyIsDocumentedLowerCaseAndDotted() {
    for (ConfigReference.Entry e : ConfigReference.ENTRIES) {
      for (ConfigDef.ConfigKey k : e.config().configKeys().values()) {
        assertThat(k.documentation).as(e.title() + " " + k.name).isNotBlank();
        assertThat(k.name).as(e.title() + " key style").matches("[a-z0-9]+(\\.[a-z0-9]+)*");
        assertThat(k.group).as(e.title() + " " + k.name + " group").isNotBlank();
      }
    }
  }
}
