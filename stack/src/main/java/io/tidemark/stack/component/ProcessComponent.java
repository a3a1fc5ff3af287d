package io.tidemark.stack.component;

import io.tidemark.stack.StackComponent;
import io.tidemark.stack.process.ManagedProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A component that is one long-running child process: start, readiness, kill, restart, stop. */
abstract class ProcessComponent implements StackComponent {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Duration startTimeout;
  private final Duration stopGrace;
  private ManagedProcess process;

  /**
   * @param startTimeout how long the process may take to become ready
   * @param stopGrace how long a stop waits after SIGTERM before SIGKILL
   */
  ProcessComponent(Duration startTimeout, Duration stopGrace) {
    this.startTimeout = startTimeout;
    this.stopGrace = stopGrace;
  }

  /** Whether the running process serves its clients yet. */
  abstract boolean isReady();

  /** A GET for readiness probes: the answer, or empty when nothing answered. */
  static Optional<HttpResponse<String>> httpGet(String url) {
    try {
      return Optional.of(
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Starts the process and waits until it is ready. */
  void launch(ManagedProcess managed) {
    this.process = managed;
    managed.start();
    managed.awaitReady(startTimeout, this::isReady);
  }

  /** SIGKILLs the process (and its children), as a crash would. */
  public void kill() {
    process.kill();
  }

  /**
   * SIGSTOPs the process (and its children): it keeps its sockets but runs nothing, no heartbeats
   * either, as in a long GC pause or a frozen VM, until {@link #resume()}.
   */
  public void pause() {
    process.pause();
  }

  /** SIGCONTs a {@link #pause() paused} process: it runs on from where it stopped. */
  public void resume() {
    process.resume();
  }

  public boolean isPaused() {
    return process != null && process.isPaused();
  }

  /** Stops it (or finds it killed) and starts it again with the same settings, ports and data. */
  public void restart() {
    process.stop(stopGrace);
    process.start();
    process.awaitReady(startTimeout, this::isReady);
  }

  public ManagedProcess process() {
    return process;
  }

  @Override
  public void stop() {
    if (process != null) {
      process.stop(stopGrace);
    }
  }
}
