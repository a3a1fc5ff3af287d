package io.tidemark.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.artifacts.MavenArtifacts;
import io.tidemark.stack.artifacts.Unpack;
import io.tidemark.stack.component.ConnectCluster;
import io.tidemark.stack.component.ConnectWorker;
import io.tidemark.stack.component.KafkaBroker;
import io.tidemark.stack.component.MariaDb;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.connect.ConnectRestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack: real Kafka, Kafka Connect, MariaDB, S3Proxy and PostgreSQL processes on
 * loopback, started in parallel where their dependencies allow, stopped together.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path workDir;
  private final Path cacheDir;
  private final Optional<Path> repoRoot;
  private final List<StackComponent> components;
  private final StackSecrets secrets;
  private final MavenArtifacts artifacts;
  private final List<StackComponent> started = Collections.synchronizedList(new ArrayList<>());
  private FileChannel lockChannel;
  private FileLock lock;
  private Duration startTime = Duration.ZERO;

  private LocalStack(Builder builder) {
    this.workDir = builder.workDir.toAbsolutePath().normalize();
    this.cacheDir = builder.cacheDir.toAbsolutePath().normalize();
    this.repoRoot = builder.repoRoot;
    this.components = List.copyOf(builder.components);
    this.secrets = new StackSecrets(workDir.resolve("secrets.properties"));
    this.artifacts =
        builder.artifacts != null ? builder.artifacts : MavenArtifacts.fromEnvironment();
  }

  /**
   * A stack of the components {@link Builder#add} is given. The default stack (with the Redshift
   * Data API stand-in) is {@code DefaultStack.builder} in module aws-standins.
   */
  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /**
   * Starts every component, each as soon as what it depends on is ready. When one fails, the others
   * are stopped and the first failure is thrown.
   */
  public LocalStack start() {
    Instant begin = Instant.now();
    lockWorkDir();
    StackContext context = new StackContext(workDir, cacheDir, artifacts, this);
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "tidemark-stack-start");
              thread.setDaemon(true);
              return thread;
            });
    Map<Class<?>, CompletableFuture<Void>> futures = new LinkedHashMap<>();
    try {
      for (StackComponent component : components) {
        startAfterDependencies(component, context, futures, pool);
      }
      CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      futures.values().forEach(f -> f.exceptionally(t -> null).join());
      close();
      throw firstFailure(futures, e);
    } finally {
      pool.shutdown();
    }
    startTime = Duration.between(begin, Instant.now());
    writeEndpoints();
    LOG.info("stack started in {} ms, endpoints in {}", startTime.toMillis(), endpointsFile());
    return this;
  }

  private CompletableFuture<Void> startAfterDependencies(
      StackComponent component,
      StackContext context,
      Map<Class<?>, CompletableFuture<Void>> futures,
      ExecutorService pool) {
    CompletableFuture<Void> existing = futures.get(component.getClass());
    if (existing != null) {
      return existing;
    }
    List<CompletableFuture<Void>> dependencies = new ArrayList<>();
    for (Class<? extends StackComponent> dependency : component.dependsOn()) {
      StackComponent needed =
          find(dependency)
              .orElseThrow(
                  () ->
                      new StackException(
                          component.name(),
                          "needs " + dependency.getSimpleName() + ", which is not in this stack",
                          null));
      dependencies.add(startAfterDependencies(needed, context, futures, pool));
    }
    CompletableFuture<Void> future =
        CompletableFuture.allOf(dependencies.toArray(CompletableFuture[]::new))
            .thenRunAsync(
                () -> {
                  Instant begin = Instant.now();
                  started.add(component);
                  component.start(context);
                  LOG.info(
                      "{} ready in {} ms",
                      component.name(),
                      Duration.between(begin, Instant.now()).toMillis());
                },
                pool);
    futures.put(component.getClass(), future);
    return future;
  }

  private static RuntimeException firstFailure(
      Map<Class<?>, CompletableFuture<Void>> futures, CompletionException fallback) {
    for (CompletableFuture<Void> future : futures.values()) {
      try {
        future.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        // A component that only failed because a dependency failed is not the first failure.
        if (cause instanceof StackException stack) {
          return stack;
        }
        if (cause instanceof RuntimeException runtime) {
          return runtime;
        }
      }
    }
    return fallback;
  }

  /** Stops every started component, in the reverse order of starting. */
  @Override
  public void close() {
    List<StackComponent> toStop;
    synchronized (started) {
      toStop = new ArrayList<>(started);
      started.clear();
    }
    Collections.reverse(toStop);
    for (StackComponent component : toStop) {
      try {
        component.stop();
      } catch (RuntimeException e) {
        LOG.warn("{} did not stop cleanly: {}", component.name(), e.getMessage());
      }
    }
    releaseLock();
  }

  public <T extends StackComponent> Optional<T> find(Class<T> type) {
    return components.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  public <T extends StackComponent> T get(Class<T> type) {
    return find(type)
        .orElseThrow(
            () -> new IllegalStateException("no " + type.getSimpleName() + " in this stack"));
  }

  public KafkaBroker kafka() {
    return get(KafkaBroker.class);
  }

  public ConnectWorker connect() {
    return get(ConnectWorker.class);
  }

  /** The multi-worker Connect cluster, in a stack built with one instead of a single worker. */
  public ConnectCluster connectCluster() {
    return get(ConnectCluster.class);
  }

  /**
   * The REST client {@link #deploy} uses: the single worker's, else a running, unpaused worker of
   * the cluster.
   */
  public ConnectRestClient connectRest() {
    Optional<ConnectWorker> single = find(ConnectWorker.class);
    return single.isPresent() ? single.get().rest() : connectCluster().rest();
  }

  public MariaDb mysql() {
    return get(MariaDb.class);
  }

  public S3Server s3() {
    return get(S3Server.class);
  }

  public Postgres postgres() {
    return get(Postgres.class);
  }

  public StackSecrets secrets() {
    return secrets;
  }

  public Path workDir() {
    return workDir;
  }

  public Optional<Path> repoRoot() {
    return repoRoot;
  }

  public Duration startTime() {
    return startTime;
  }

  public Path endpointsFile() {
    return workDir.resolve("endpoints.json");
  }

  /** Values for {@code ${NAME}} placeholders in connector config templates. */
  public Map<String, String> placeholders() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("SECRETS_FILE", secrets.file().toString());
    for (StackComponent component : components) {
      values.putAll(component.placeholders());
    }
    return values;
  }

  /**
   * Deploys a shipped connector config the way users do: fills its placeholders from this stack
   * (and {@code values}, which win), PUTs it to the Connect REST API, and waits until it runs.
   */
  public ConnectorConfig deploy(
      ConnectorConfig template, Map<String, String> values, Duration timeout) {
    Map<String, String> all = new LinkedHashMap<>(placeholders());
    all.putAll(values);
    ConnectorConfig rendered = template.render(all);
    connectRest().putConfig(rendered.name(), rendered.config());
    connectRest().awaitRunning(rendered.name(), 1, timeout);
    return rendered;
  }

  /**
   * Deploys like {@link #deploy} but waits for a task to FAIL, as bad input must make it without
   * {@code errors.tolerance}; returns the task's trace (the REST status's {@code trace}).
   */
  public String deployAndAwaitTaskFailure(
      ConnectorConfig template, Map<String, String> values, Duration timeout) {
    Map<String, String> all = new LinkedHashMap<>(placeholders());
    all.putAll(values);
    ConnectorConfig rendered = template.render(all);
    connectRest().putConfig(rendered.name(), rendered.config());
    return connectRest().awaitTaskFailed(rendered.name(), timeout);
  }

  /** Endpoints per component; with {@code includeSecrets} false, secret values are masked. */
  public Map<String, Object> endpoints(boolean includeSecrets) {
    Map<String, Object> all = new LinkedHashMap<>();
    for (StackComponent component : components) {
      Map<String, Object> endpoints = new LinkedHashMap<>(component.endpoints());
      if (!includeSecrets) {
        component
            .secretKeys()
            .forEach(
                key ->
                    endpoints.computeIfPresent(
                        key, (k, v) -> "(in " + endpointsFile().getFileName() + ")"));
      }
      all.put(component.name(), endpoints);
    }
    return all;
  }

  /** A console listing of every endpoint, with secrets masked. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    endpoints(false)
        .forEach(
            (component, values) -> {
              out.append(String.format("  %-9s", component));
              String separator = "";
              for (Map.Entry<?, ?> entry : ((Map<?, ?>) values).entrySet()) {
                out.append(separator).append(entry.getKey()).append('=').append(entry.getValue());
                separator = "\n           ";
              }
              out.append('\n');
            });
    return out.toString();
  }

  private void writeEndpoints() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("workDir", workDir.toString());
    document.put("startSeconds", startTime.toMillis() / 1000.0);
    document.put("secretsFile", secrets.file().toString());
    document.putAll(endpoints(true));
    try {
      Path file = endpointsFile();
      Files.writeString(file, JSON.writeValueAsString(document));
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void lockWorkDir() {
    try {
      Files.createDirectories(workDir);
      Path lockFile = workDir.resolve(".lock");
      lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = lockChannel.tryLock();
      if (lock == null) {
        lockChannel.close();
        throw new StackException(
            "stack", "another Tidemark stack is running in " + workDir + "; stop it first", null);
      }
      // A fresh stack every time: remove what an earlier run left, except the lock itself.
      try (var entries = Files.list(workDir)) {
        entries.filter(p -> !p.equals(lockFile)).forEach(Unpack::deleteTree);
      }
    } catch (IOException e) {
      throw new StackException(
          "stack", "cannot use work folder " + workDir + ": " + e.getMessage(), e);
    }
  }

  private void releaseLock() {
    try {
      if (lock != null) {
        lock.release();
        lockChannel.close();
      }
    } catch (IOException e) {
      LOG.debug("could not release the work folder lock", e);
    } finally {
      lock = null;
    }
  }

  /** Settings of a stack; {@link #build()} does not start anything. */
  public static final class Builder {
    private final Path workDir;
    private Path cacheDir = defaultCacheDir();
    private Optional<Path> repoRoot = RepoRoot.find();
    private MavenArtifacts artifacts;
    private final List<StackComponent> components = new ArrayList<>();

    private Builder(Path workDir) {
      this.workDir = workDir;
    }

    public Builder add(StackComponent component) {
      components.removeIf(c -> c.getClass() == component.getClass());
      components.add(component);
      return this;
    }

    public Builder cacheDir(Path dir) {
      this.cacheDir = dir;
      return this;
    }

    public Builder repoRoot(Path root) {
      this.repoRoot = Optional.of(root);
      return this;
    }

    public Builder artifacts(MavenArtifacts artifacts) {
      this.artifacts = artifacts;
      return this;
    }

    public LocalStack build() {
      return new LocalStack(this);
    }

    /**
     * Unpacked programs are shared between runs. The folder sits under /var/tmp so that the
     * unprivileged user PostgreSQL runs as (when we are root) can reach it.
     */
    static Path defaultCacheDir() {
      String configured = System.getenv("TIDEMARK_CACHE");
      if (configured != null && !configured.isBlank()) {
        return Path.of(configured);
      }
      return Path.of("/var/tmp", "tidemark-cache-" + System.getProperty("user.name"));
    }
  }
}
