package io.tidemark.stack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pause() stops the whole process tree (state T), resume() continues it, stop() ends a paused one.
 */
class ManagedProcessPauseTest {

  @Test
  void pauseStopsTheTreeAndResumeContinuesIt(@TempDir Path dir) throws Exception {
    ManagedProcess process =
        new ManagedProcess(
            "sleeper",
            List.of("sh", "-c", "sleep 60 & wait"),
            dir,
            dir.resolve("sleeper.log"),
            Map.of());
    process.start();
    try {
      process.awaitReady(Duration.ofSeconds(10), () -> process.processTree().size() >= 2);
      List<ProcessHandle> tree = process.processTree();

      process.pause();
      assertThat(process.isPaused()).isTrue();
      for (ProcessHandle h : tree) {
        awaitState(h.pid(), "T");
      }

      process.resume();
      assertThat(process.isPaused()).isFalse();
      for (ProcessHandle h : tree) {
        awaitState(h.pid(), "S");
      }

      process.pause();
      process.stop(Duration.ofSeconds(5));
      assertThat(process.isAlive()).isFalse();
      assertThat(process.isPaused()).isFalse();
    } finally {
      process.kill();
    }
  }

  /** Waits until /proc/<pid>/stat shows {@code state} (T: stopped, S: sleeping). */
  private static void awaitState(long pid, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = state(pid);
      if (last.equals(state)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("process " + pid + " is in state " + last + ", not " + state);
  }

  private static String state(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // pid (comm) STATE ...: comm may hold spaces, so read after the last ')'.
    return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  }
}
