package io.tidemark.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.process.ProcessLauncher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code ./tidemark up} prints every endpoint and stops every process on Ctrl-C, and no process
 * outlives a killed launcher (moved from the stack's {@code StackLifecycleIT}).
 */
class LauncherLifecycleIT {
  private static final Map<Process, BufferedReader> READERS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final Path BASE =
      Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
          .resolveSibling("lifecycle-it");

  @Test
  void upPrintsEveryEndpointAndCtrlCStopsEveryProcessCleanly() throws Exception {
    Path workDir = BASE.resolve("ctrl-c");
    Process launcher = launchUp(workDir);
    try {
      String printed = readUntil(launcher, "Press Ctrl-C");
      assertThat(printed)
          .contains(
              "bootstrapServers=127.0.0.1:",
              "restUrl=http://127.0.0.1:",
              "jdbcUrl=jdbc:mariadb://",
              "endpoint=http://127.0.0.1:",
              "jdbcUrl=jdbc:postgresql://",
              "Stack started in");
      assertThat(Files.readString(workDir.resolve("endpoints.json")))
          .contains("bootstrapServers", "restUrl", "secretAccessKey");
      List<ProcessHandle> children = launcher.toHandle().descendants().toList();

      new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor();

      assertThat(readUntil(launcher, "Stack stopped.")).contains("Stack stopped.");
      assertThat(launcher.waitFor(60, TimeUnit.SECONDS))
          .as("the launcher exits after Ctrl-C")
          .isTrue();
      assertThat(stillAlive(children)).as("children still alive after Ctrl-C").isEmpty();
    } finally {
      launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  @Test
  void aKilledLauncherTakesEveryChildWithIt() throws Exception {
    assertThat(ProcessLauncher.childrenDieWithThisJvm())
        .as("setpriv is missing: install util-linux (apt-get install util-linux)")
        .isTrue();
    Process launcher = launchUp(BASE.resolve("killed-launcher"));
    try {
      readUntil(launcher, "Press Ctrl-C");
      List<ProcessHandle> children = launcher.toHandle().descendants().toList();
      assertThat(
              children.stream()
                  .map(p -> p.info().command().orElse(""))
                  .collect(Collectors.joining("\n")))
          .contains("mariadbd", "postgres", "java");

      launcher.toHandle().destroyForcibly();
      launcher.waitFor(10, TimeUnit.SECONDS);

      assertThat(stillAlive(children))
          .as("children still alive after the launcher was killed")
          .isEmpty();
    } finally {
      launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  /** {@code ./tidemark up} as the launcher script runs it: this test's classpath, a new JVM. */
  private static Process launchUp(Path workDir) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "-Dtidemark.maven.repo.local=" + System.getProperty("tidemark.maven.repo.local", ""),
            Tidemark.class.getName(),
            "up",
            "--work-dir",
            workDir.toString())
        .redirectErrorStream(true)
        .start();
  }

  /** Reads the launcher's output until a line contains {@code marker}; returns all read so far. */
  private static String readUntil(Process launcher, String marker) throws IOException {
    BufferedReader lines =
        READERS.computeIfAbsent(
            launcher,
            p ->
                new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
    StringBuilder output = new StringBuilder();
    for (String line; (line = lines.readLine()) != null; ) {
      output.append(line).append('\n');
      if (line.contains(marker)) {
        return output.toString();
      }
    }
    throw new AssertionError("the launcher ended before printing '" + marker + "':\n" + output);
  }

  private static List<String> stillAlive(List<ProcessHandle> processes)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    return processes.stream()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .toList();
  }
}
