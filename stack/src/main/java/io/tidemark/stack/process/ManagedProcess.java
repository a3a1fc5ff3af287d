package io.tidemark.stack.process;

import io.tidemark.stack.StackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One child process of the stack: started with its output in a log file, awaited until ready,
 * stopped gently then firmly, or killed on purpose by crash tests.
 */
public final class ManagedProcess {
  private static final Duration POLL = Duration.ofMillis(100);

  private final String name;
  private final List<String> command;
  private final Path workDir;
  private final Path logFile;
  private final Map<String, String> environment;
  private volatile Process process;
  private volatile boolean paused;

  public ManagedProcess(
      String name, List<String> command, Path workDir, Path logFile, Map<String, String> env) {
    this.name = name;
    this.command = List.copyOf(command);
    this.workDir = workDir;
    this.logFile = logFile;
    this.environment = Map.copyOf(env);
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  /** Starts the process; output (stdout and stderr) is appended to the log file. */
  public void start() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.PIPE);
      builder.environment().putAll(environment);
      process = ProcessLauncher.start(builder);
      paused = false;
    } catch (IOException e) {
      throw new StackException(
          name, "could not start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until {@code ready} holds. Fails, with the end of the log, when the process exits first
   * or the timeout passes.
   */
  public void awaitReady(Duration timeout, BooleanSupplier ready) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!isAlive()) {
        throw new StackException(
            name,
            "the process exited with code "
                + process.exitValue()
                + " before it was ready"
                + logHint(),
            null);
      }
      boolean isReady;
      try {
        isReady = ready.getAsBoolean();
      } catch (RuntimeException e) {
        isReady = false;
      }
      if (isReady) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new StackException(
            name, "not ready after " + timeout.toSeconds() + " s" + logHint(), null);
      }
      sleep(POLL);
    }
  }

  /** Starts a one-shot command (an init or format step) and fails unless it exits with 0. */
  public void run(Duration timeout) {
    start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        throw new StackException(
            name, "did not finish within " + timeout.toSeconds() + " s" + logHint(), null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new StackException(name, "interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new StackException(
          name, "failed with exit code " + process.exitValue() + logHint(), null);
    }
  }

  public boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  public long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  /** Every live process this one started, itself first. */
  public List<ProcessHandle> processTree() {
    Process p = process;
    List<ProcessHandle> tree = new ArrayList<>();
    if (p != null && p.isAlive()) {
      tree.add(p.toHandle());
      p.toHandle().descendants().forEach(tree::add);
    }
    return tree;
  }

  /**
   * SIGSTOP to the whole tree, as a long GC pause or a frozen VM would: the process keeps its
   * sockets and state but runs nothing (no heartbeats) until {@link #resume()}.
   */
  public void pause() {
    List<ProcessHandle> tree = processTree();
    if (tree.isEmpty()) {
      throw new IllegalStateException(name + " is not running");
    }
    signal("-STOP", tree);
    paused = true;
  }

  /** SIGCONT to the whole tree: a paused process runs on from where it stopped. */
  public void resume() {
    List<ProcessHandle> tree = processTree();
    paused = false;
    if (!tree.isEmpty()) {
      signal("-CONT", tree);
    }
  }

  /** Whether {@link #pause()} stopped it and nothing resumed it since. */
  public boolean isPaused() {
    return paused && isAlive();
  }

  private void signal(String signal, List<ProcessHandle> tree) {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    tree.forEach(h -> command.add(Long.toString(h.pid())));
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new StackException(
            name,
            "kill " + signal + " " + command.subList(2, command.size()) + ": " + output,
            null);
      }
    } catch (IOException e) {
      throw new StackException(name, "could not run kill " + signal + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException(name, "interrupted", e);
    }
  }

  /** SIGTERM, then SIGKILL to whatever of its tree is left after {@code grace}. */
  public void stop(Duration grace) {
    Process p = process;
    if (p == null) {
      return;
    }
    if (paused) {
      // A stopped process would only act on SIGTERM once continued.
      resume();
    }
    List<ProcessHandle> tree = processTree();
    p.toHandle().destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tree.forEach(ProcessHandle::destroyForcibly);
    }
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  /** SIGKILL to the whole tree, as a crash would: no shutdown hooks, no cleanup. */
  public void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    List<ProcessHandle> tree = processTree();
    tree.forEach(ProcessHandle::destroyForcibly);
    paused = false;
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** From the first ERROR (a Java process's cause) for a few lines, else the end of the log. */
  private String firstErrorOrTail() {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).contains(" ERROR ") || all.get(i).contains("[ERROR]")) {
          return String.join("\n", all.subList(i, Math.min(all.size(), i + 8)));
        }
      }
    } catch (IOException e) {
      return "";
    }
    return logTail(15);
  }

  /** The last lines of the log, for error messages. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private String logHint() {
    String tail = firstErrorOrTail();
    return (tail.isBlank() ? "" : "; last log lines:\n" + tail.indent(2))
        + "(log: "
        + logFile
        + ")";
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("stack", "interrupted", e);
    }
  }
}
