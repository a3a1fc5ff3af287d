package io.tidemark.stack.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.stack.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MskConnectRuntimeTest {
  @TempDir Path jvms;

  private Path jdk(String name, String version) throws IOException {
    Path home = Files.createDirectories(jvms.resolve(name));
    Files.writeString(
        home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  @Test
  void findsAJdk17NotMerelyANewerOne() throws IOException {
    Path running = jdk("temurin-25", "25.0.1");
    jdk("openjdk-21", "21.0.5");
    Path seventeen = jdk("openjdk-17", "17.0.15");
    assertThat(MskConnectRuntime.javaHome(null, running, List.of(jvms))).isEqualTo(seventeen);
    assertThat(MskConnectRuntime.javaHome(null, seventeen, List.of())).isEqualTo(seventeen);
    assertThat(MskConnectRuntime.javaHome(seventeen.toString(), running, List.of()))
        .isEqualTo(seventeen);
  }

  @Test
  void withoutOneItSaysWhatToInstall() throws IOException {
    Path running = jdk("temurin-25", "25.0.1");
    assertThatThrownBy(() -> MskConnectRuntime.javaHome(null, running, List.of(jvms)))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("needs a JDK 17")
        .hasMessageContaining("apt-get install openjdk-17-jdk-headless")
        .hasMessageContaining(MskConnectRuntime.JAVA_HOME_VARIABLE);
    assertThatThrownBy(() -> MskConnectRuntime.javaHome(running.toString(), running, List.of()))
        .hasMessageContaining("is not a JDK 17 home");
  }
}
