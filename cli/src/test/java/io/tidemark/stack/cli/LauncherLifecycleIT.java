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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code ./tidemark up} prints every endpoint and stops every process on Ctrl-C, and no process
 * outlives a killed launcher (moved from the stack's {@code StackLifecycleIT}).
 */
class LauncherLifecycleIT {
  // Marks the end of a launcher's output in its queue (compared by identity).
  private static final String END = new String("end of output");
  private static final Map<Process, BlockingQueue<String>> READERS =
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

      new ProcessBuilder("kill", "-" + interrupt(launcher), Long.toString(launcher.pid()))
          .start()
          .waitFor();

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

  /**
   * Ctrl-C's signal, INT, unless the launcher inherited INT as ignored (a build started in the
   * background by a non-interactive shell: the JVM then never sees it): TERM, which runs the same
   * shutdown hooks.
   */
  private static String interrupt(Process launcher) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + launcher.pid() + "/status"))) {
      if (line.startsWith("SigIgn:")) {
        long ignored = Long.parseLong(line.substring("SigIgn:".length()).trim(), 16);
        return (ignored & (1L << 1)) != 0 ? "TERM" : "INT";
      }
    }
    return "INT";
  }

  /**
   * Reads the launcher's output until a line contains {@code marker} (3 minutes at most); returns
   * all read so far.
   */
  private static String readUntil(Process launcher, String marker) throws Exception {
    BlockingQueue<String> lines =
        READERS.computeIfAbsent(
            launcher,
            p -> {
              BlockingQueue<String> queue = new LinkedBlockingQueue<>();
              Thread reader =
                  new Thread(
                      () -> {
                        try (BufferedReader in =
                            new BufferedReader(
                                new InputStreamReader(
                                    p.getInputStream(), StandardCharsets.UTF_8))) {
                          for (String line; (line = in.readLine()) != null; ) {
                            queue.add(line);
                          }
                        } catch (IOException e) {
                          // The launcher is gone: the caller's deadline reports it.
                        }
                        queue.add(END);
                      },
                      "launcher-output");
              reader.setDaemon(true);
              reader.start();
              return queue;
            });
    StringBuilder output = new StringBuilder();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == END) {
        break;
      }
      if (line != null) {
        output.append(line).append('\n');
        if (line.contains(marker)) {
          return output.toString();
        }
      }
    }
    throw new AssertionError(
        "the launcher did not print '" + marker + "' (ended or 3 minutes passed):\n" + output);
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
