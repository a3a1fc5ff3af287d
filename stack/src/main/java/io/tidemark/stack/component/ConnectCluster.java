package io.tidemark.stack.component;

import io.tidemark.stack.StackComponent;
import io.tidemark.stack.StackContext;
import io.tidemark.stack.StackException;
import io.tidemark.stack.connect.ConnectRestClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * A distributed Kafka Connect cluster: {@code size} {@link ConnectWorker}s in one group (the same
 * {@code group.id} and internal topics from the shipped worker.properties), each with its own REST
 * port, folder and log file ({@code connect-1}, {@code connect-2}, ...). A worker is ready when its
 * REST answers and it has joined the group ({@code GET /connectors} answers 200); the cluster is
 * ready when every worker is. Crash and pause hooks are per worker: {@code worker(i).kill()},
 * {@code pause()} (SIGSTOP), {@code resume()} (SIGCONT), {@code restart()}.
 *
 * <p>Use it instead of the single {@link ConnectWorker} (a stack holds one or the other): {@code
 * LocalStack.builder(dir).add(new KafkaBroker(0)).add(new ConnectCluster(2)...)}.
 */
public final class ConnectCluster implements StackComponent {
  /**
   * Worker settings for tests that move tasks between workers: a worker that stops heartbeating
   * leaves the group after 6 s, and its tasks go to the others 5 s later (instead of 10 s and 5
   * minutes).
   */
  public static final Map<String, String> FAST_FAILOVER =
      Map.of(
          "scheduled.rebalance.max.delay.ms", "5000",
          "session.timeout.ms", "6000",
          "heartbeat.interval.ms", "1000",
          "rebalance.timeout.ms", "30000");

  private final List<ConnectWorker> workers = new ArrayList<>();

  /** {@code size} workers on free ports, each with the repository's default plugins. */
  public ConnectCluster(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a cluster needs at least one worker");
    }
    for (int i = 1; i <= size; i++) {
      workers.add(new ConnectWorker(0).named("connect-" + i));
    }
  }

  /** Sets a worker property on every worker (see {@link #FAST_FAILOVER}). */
  public ConnectCluster withWorkerProperty(String key, String value) {
    workers.forEach(w -> w.withWorkerProperty(key, value));
    return this;
  }

  public ConnectCluster withWorkerProperties(Map<String, String> properties) {
    properties.forEach(this::withWorkerProperty);
    return this;
  }

  /**
   * Configures each worker before it starts, by its index from 0 (e.g. a per-worker environment
   * variable with {@link ConnectWorker#withEnvironment}).
   */
  public ConnectCluster configure(BiConsumer<Integer, ConnectWorker> perWorker) {
    for (int i = 0; i < workers.size(); i++) {
      perWorker.accept(i, workers.get(i));
    }
    return this;
  }

  @Override
  public String name() {
    return "connect-cluster";
  }

  @Override
  public Set<Class<? extends StackComponent>> dependsOn() {
    return Set.of(KafkaBroker.class);
  }

  /** Starts the workers in parallel; when one fails, the others are stopped. */
  @Override
  public void start(StackContext context) {
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (ConnectWorker worker : workers) {
      starts.add(CompletableFuture.runAsync(() -> worker.start(context)));
    }
    try {
      CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      starts.forEach(f -> f.exceptionally(t -> null).join());
      stop();
      throw e.getCause() instanceof StackException stack
          ? stack
          : new StackException(name(), "a worker failed to start: " + e.getCause(), e);
    }
  }

  @Override
  public void stop() {
    for (ConnectWorker worker : workers) {
      try {
        worker.stop();
      } catch (RuntimeException e) {
        // the others still stop
      }
    }
  }

  public List<ConnectWorker> workers() {
    return List.copyOf(workers);
  }

  /** The worker at {@code index}, from 0. */
  public ConnectWorker worker(int index) {
    return workers.get(index);
  }

  /** The worker whose REST status {@code worker_id} (host:port) is {@code workerId}. */
  public ConnectWorker workerById(String workerId) {
    return workers.stream()
        .filter(w -> w.workerId().equals(workerId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no worker " + workerId + " in " + this));
  }

  /**
   * The REST client of the first worker that is running and not paused: any worker forwards
   * connector changes to the leader.
   */
  public ConnectRestClient rest() {
    return liveWorker().rest();
  }

  /** The first worker that is running and not paused. */
  public ConnectWorker liveWorker() {
    return workers.stream()
        .filter(w -> w.process() != null && w.process().isAlive() && !w.isPaused())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no Connect worker is running"));
  }

  @Override
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    for (ConnectWorker worker : workers) {
      endpoints.put(worker.name(), worker.endpoints());
    }
    return endpoints;
  }

  @Override
  public Map<String, String> placeholders() {
    return Map.of("CONNECT_URL", workers.get(0).restUrl());
  }

  @Override
  public String toString() {
    List<String> ids = new ArrayList<>();
    workers.forEach(w -> ids.add(w.name() + "=" + w.workerId()));
    return "ConnectCluster" + ids;
  }
}
