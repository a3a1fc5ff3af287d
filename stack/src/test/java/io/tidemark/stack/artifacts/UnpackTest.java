package io.tidemark.stack.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.stack.StackException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnpackTest {
  @TempDir Path dir;

  @Test
  void aHardLinkToAnEntryOutsideTheFilterGetsItsContentWithoutUnpackingTheOtherFolder()
      throws IOException {
    Path archive = dir.resolve("app.tar.gz");
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(archive)))) {
      file(tar, "app/plugin/other/shared.jar", "shared bytes", 0644);
      file(tar, "app/bin/run", "#!/bin/sh", 0755);
      TarArchiveEntry link =
          new TarArchiveEntry("app/plugin/wanted/shared.jar", TarArchiveEntry.LF_LINK);
      link.setLinkName("app/plugin/other/shared.jar");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }

    Path out =
        Unpack.once(
            archive,
            dir.resolve("out"),
            e -> e.startsWith("app/plugin/wanted/") || e.startsWith("app/bin/"));

    assertThat(Files.readString(out.resolve("app/plugin/wanted/shared.jar")))
        .isEqualTo("shared bytes");
    assertThat(out.resolve("app/plugin/other")).doesNotExist();
    assertThat(Files.isExecutable(out.resolve("app/bin/run"))).isTrue();
  }

  @Test
  void anEntryThatEscapesTheTargetIsRefusedAndNothingIsLeft() throws IOException {
    Path archive = dir.resolve("evil.tar.gz");
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(archive)))) {
      file(tar, "../escaped.txt", "x", 0644);
    }

    assertThatThrownBy(() -> Unpack.once(archive, dir.resolve("out"), e -> true))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("escapes the target folder");
    assertThat(dir.resolve("out")).doesNotExist();
    assertThat(dir.resolve("escaped.txt")).doesNotExist();
  }

  private static void file(TarArchiveOutputStream tar, String name, String content, int mode)
      throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setMode(mode);
    tar.putArchiveEntry(entry);
    ((OutputStream) tar).write(bytes);
    tar.closeArchiveEntry();
  }
}
