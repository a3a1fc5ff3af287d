package io.tidemark.connect.smt.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

  private static Path reference() {
    String base = System.getProperty("tidemark.smt.basedir", System.getProperty("user.dir"));
    return Path.of(base, "docs", "config-reference.md");
  }

  @Test
  void committedReferenceIsUpToDate() throws IOException {
    String rendered = ConfigReference.render();
    Path file = reference();
    if (Boolean.getBoolean("tidemark.docs.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, rendered, StandardCharsets.UTF_8);
    }
    assertThat(file).as("generated config reference").exists();
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as(
            "smt/docs/config-reference.md is stale; regenerate with "
                + "./mvnw -q -o -pl common,smt test -Dtidemark.docs.update=true")
        .isEqualTo(rendered);
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
