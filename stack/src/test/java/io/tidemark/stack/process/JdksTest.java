package io.tidemark.stack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdksTest {
  @Test
  void readsTheMajorVersionFromAJdksReleaseFile(@TempDir Path home) throws Exception {
    Files.writeString(
        home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n");
    assertThat(Jdks.feature(home)).contains(25);
  }

  @Test
  void aFolderWithoutAReleaseFileIsNoJdk(@TempDir Path home) {
    assertThat(Jdks.feature(home)).isEmpty();
  }
}
