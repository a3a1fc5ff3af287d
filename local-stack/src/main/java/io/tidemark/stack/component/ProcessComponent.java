package io.tidemark.stack.component;

import io.tidemark.stack.StackComponent;
import io.tidemark.stack.process.ManagedProcess;
import java.time.Duration;

/** A component that is one long-running child process: start, readiness, kill, restart, stop. */
abstract class ProcessComponent implements StackComponent {
  private ManagedProcess process;

  /** How long the process may take to become ready. */
  abstract Duration startTimeout();

  /** Whether the running process serves its clients yet. */
  abstract boolean isReady();

  /** How long a stop waits after SIGTERM before SIGKILL. */
  Duration stopGrace() {
    return Duration.ofSeconds(30);
  }

  /** Starts the process and waits until it is ready. */
  void launch(ManagedProcess managed) {
    this.process = managed;
    managed.start();
    managed.awaitReady(startTimeout(), this::isReady);
  }

  /** SIGKILLs the process (and its children), as a crash would. */
  public void kill() {
    process.kill();
  }

  /** Stops it (or finds it killed) and starts it again with the same settings, ports and data. */
  public void restart() {
    process.stop(stopGrace());
    process.start();
    process.awaitReady(startTimeout(), this::isReady);
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void stop() {
    if (process != null) {
      process.stop(stopGrace());
    }
  }
}
