package io.tidemark.stack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts every child process of the stack so that it dies with the JVM that started it, even when
 * that JVM is killed with SIGKILL.
 *
 * <p>Linux delivers a process's parent-death signal ({@code setpriv --pdeathsig}) when the
 * <em>thread</em> that forked it ends, so all children are forked from one thread that lives as
 * long as the JVM. Without {@code setpriv} (not Linux, or no util-linux), children are still
 * stopped on a normal shutdown, but a SIGKILLed launcher leaves them running.
 */
public final class ProcessLauncher {
  private static final ExecutorService SPAWNER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "tidemark-process-spawner");
            thread.setDaemon(true);
            return thread;
          });
  private static final String SETPRIV = findSetpriv();

  private ProcessLauncher() {}

  /**
   * Starts {@code builder}'s command, wrapped so it gets SIGKILL when this JVM dies. Not SIGTERM: a
   * child that hangs in its shutdown would outlive us; a normal stop is gentle anyway.
   */
  public static Process start(ProcessBuilder builder) throws IOException {
    List<String> command = new ArrayList<>(builder.command());
    if (SETPRIV != null) {
      command.addAll(0, List.of(SETPRIV, "--pdeathsig", "KILL", "--"));
    }
    ProcessBuilder wrapped = builder.command(command);
    try {
      return SPAWNER.submit(wrapped::start).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + command, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("could not start " + command, e.getCause());
    }
  }

  /** Whether children are tied to this JVM's life (see the class comment). */
  public static boolean childrenDieWithThisJvm() {
    return SETPRIV != null;
  }

  /** Path of setpriv for a command that must drop root (PostgreSQL refuses to run as root). */
  public static String setpriv() {
    if (SETPRIV == null) {
      throw new IllegalStateException(
          "setpriv not found: install util-linux (apt-get install util-linux)");
    }
    return SETPRIV;
  }

  private static String findSetpriv() {
    if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
      return null;
    }
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path candidate = Path.of(dir, "setpriv");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
