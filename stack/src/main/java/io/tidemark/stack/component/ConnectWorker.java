package io.tidemark.stack.component;

import io.tidemark.configs.WorkerProperties;
import io.tidemark.stack.StackComponent;
import io.tidemark.stack.StackContext;
import io.tidemark.stack.StackException;
import io.tidemark.stack.StackFiles;
import io.tidemark.stack.artifacts.Unpack;
import io.tidemark.stack.connect.ConnectRestClient;
import io.tidemark.stack.process.JavaCommand;
import io.tidemark.stack.process.ManagedProcess;
import io.tidemark.stack.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A Kafka Connect distributed worker in its own JVM. Its plugin path holds Debezium's MariaDB
 * connector (the stack's source: it tracks MariaDB's GTIDs), Debezium's MySQL connector (what the
 * MSK bundle ships) and every plugin archive this repository built, loaded the way users load them.
 */
public final class ConnectWorker extends ProcessComponent {
  public static final String DEBEZIUM_VERSION = "3.5.0.Final";
  private static final List<String> DEBEZIUM_CONNECTORS =
      List.of("debezium-connector-mariadb", "debezium-connector-mysql");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final int requestedPort;
  private final String version;
  private final List<Path> extraPlugins = new ArrayList<>();
  private final Map<String, String> workerOverrides = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private String name = "connect";
  private Path javaHome = Path.of(System.getProperty("java.home"));
  private boolean defaultPlugins = true;
  private int port;
  private Path pluginDir;
  private List<String> loadedPlugins = List.of();

  public ConnectWorker(int port) {
    this(port, KafkaRuntime.DEFAULT_VERSION);
  }

  public ConnectWorker(int port, String kafkaVersion) {
    super(START_TIMEOUT, Duration.ofSeconds(30));
    this.requestedPort = port;
    this.version = kafkaVersion;
  }

  /** Adds a plugin (a folder, a jar, or a zip archive) to the worker's plugin path. */
  public ConnectWorker withPlugin(Path plugin) {
    extraPlugins.add(plugin);
    return this;
  }

  /** Runs the worker on another JDK (e.g. the Java 17 that Amazon MSK Connect runs). */
  public ConnectWorker onJdk(Path home) {
    this.javaHome = home;
    return this;
  }

  /**
   * Leaves Debezium and this repository's plugin archives off the plugin path: only the plugins
   * added with {@link #withPlugin} load, e.g. one self-contained MSK Connect bundle.
   */
  public ConnectWorker withoutDefaultPlugins() {
    this.defaultPlugins = false;
    return this;
  }

  /** Sets a worker property, e.g. {@code offset.flush.interval.ms}. */
  public ConnectWorker withWorkerProperty(String key, String value) {
    workerOverrides.put(key, value);
    return this;
  }

  /**
   * Names the worker (its folder, log file and endpoints entry; default {@code connect}), so that
   * several workers can run side by side, as {@link ConnectCluster} does.
   */
  public ConnectWorker named(String name) {
    this.name = name;
    return this;
  }

  /**
   * Sets an environment variable of the worker's JVM, e.g. one that connector configs read per
   * worker through the {@code env} config provider ({@code ${env:NAME}}).
   */
  public ConnectWorker withEnvironment(String key, String value) {
    environment.put(key, value);
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<Class<? extends StackComponent>> dependsOn() {
    return Set.of(KafkaBroker.class);
  }

  @Override
  public void start(StackContext context) {
    port = Ports.claim(requestedPort, name(), "--connect-port");
    Path dir = context.dir(name());
    pluginDir = preparePlugins(context, dir.resolve("plugins"));
    Path config = writeWorkerProperties(context, dir);
    launch(
        new ManagedProcess(
            name(),
            JavaCommand.on(javaHome)
                .classpath(KafkaRuntime.connectClasspath(context, version))
                .jvm(
                    "-Xms256m",
                    "-Xmx1g",
                    "-XX:+ExitOnOutOfMemoryError",
                    KafkaRuntime.loggingOption(dir, version))
                .main("org.apache.kafka.connect.cli.ConnectDistributed", config.toString())
                .toList(),
            dir,
            context.logFile(name()),
            environment));
  }

  private Path preparePlugins(StackContext context, Path plugins) {
    try {
      Files.createDirectories(plugins);
      List<String> names = new ArrayList<>();
      List<Path> archives = new ArrayList<>();
      if (defaultPlugins) {
        for (String connector : DEBEZIUM_CONNECTORS) {
          names.add(linkDebezium(context, plugins, connector));
        }
        archives.addAll(PluginArchives.find(context.repoRoot()));
      }
      archives.addAll(extraPlugins);
      for (Path archive : archives) {
        names.add(PluginArchives.install(archive, plugins));
      }
      loadedPlugins = List.copyOf(names);
      return plugins;
    } catch (IOException e) {
      throw new StackException(
          name(), "could not prepare the plugin path " + plugins + ": " + e, e);
    }
  }

  /**
   * Links Debezium's official plugin archive of {@code connector}, e.g. {@code
   * debezium-connector-mariadb}.
   */
  private String linkDebezium(StackContext context, Path plugins, String connector)
      throws IOException {
    Path archive =
        context.artifacts().file("io.debezium:" + connector + ":tar.gz:plugin:" + DEBEZIUM_VERSION);
    Path unpacked =
        Unpack.once(
            archive, context.cacheDir().resolve(connector + "-" + DEBEZIUM_VERSION), e -> true);
    Files.createSymbolicLink(plugins.resolve(connector), unpacked.resolve(connector));
    return connector + "-" + DEBEZIUM_VERSION;
  }

  /**
   * The shipped connect-configs/local/worker.properties, filled in, plus this worker's overrides.
   */
  private Path writeWorkerProperties(StackContext context, Path dir) {
    Properties props = new Properties();
    props.putAll(
        WorkerProperties.load(
            "local/worker.properties",
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", context.component(KafkaBroker.class).bootstrapServers(),
                "CONNECT_PORT", Integer.toString(port),
                "PLUGIN_PATH", pluginDir.toString())));
    props.putAll(workerOverrides);
    return StackFiles.writeProperties(
        dir.resolve("worker.properties"), props, "Tidemark local stack Connect worker");
  }

  @Override
  boolean isReady() {
    return Ports.isListening(port) && rest().isReady();
  }

  public String restUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** How the group and the REST status name this worker ({@code worker_id}): host:port. */
  public String workerId() {
    return "127.0.0.1:" + port;
  }

  public ConnectRestClient rest() {
    return new ConnectRestClient(restUrl());
  }

  /** The plugins on the worker's plugin path, by folder name. */
  public List<String> loadedPlugins() {
    return loadedPlugins;
  }

  @Override
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("restUrl", restUrl());
    endpoints.put("version", version);
    endpoints.put("javaHome", javaHome.toString());
    endpoints.put("pluginPath", String.valueOf(pluginDir));
    endpoints.put("plugins", String.join(", ", loadedPlugins));
    return endpoints;
  }

  @Override
  public Map<String, String> placeholders() {
    return Map.of("CONNECT_URL", restUrl());
  }
}
