package io.tidemark.stack.component;

import io.tidemark.stack.StackContext;
import io.tidemark.stack.StackFiles;
import io.tidemark.stack.process.JavaCommand;
import io.tidemark.stack.process.ManagedProcess;
import io.tidemark.stack.process.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/** A single-node KRaft Kafka broker (combined broker and controller) in its own JVM. */
public final class KafkaBroker extends ProcessComponent {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final int requestedPort;
  private final String version;
  private int port;
  private int controllerPort;

  public KafkaBroker(int port) {
    this(port, KafkaRuntime.DEFAULT_VERSION);
  }

  public KafkaBroker(int port, String version) {
    super(START_TIMEOUT, Duration.ofSeconds(30));
    this.requestedPort = port;
    this.version = version;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public void start(StackContext context) {
    port = Ports.claim(requestedPort, name(), "--kafka-port");
    controllerPort = Ports.free();
    Path dir = context.dir(name());
    Path config = writeServerProperties(dir);
    List<Path> classpath = KafkaRuntime.classpath(context, version);
    Path log4j = KafkaRuntime.log4jConfig(dir);
    ManagedProcess format =
        new ManagedProcess(
            name() + "-format",
            JavaCommand.onThisJdk()
                .classpath(classpath)
                .jvm("-Xmx256m", "-Dlog4j2.configurationFile=" + log4j)
                .main(
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    Uuid.randomUuid().toString(),
                    "-c",
                    config.toString())
                .toList(),
            dir,
            context.logFile(name() + "-format"),
            Map.of());
    format.run(START_TIMEOUT);
    launch(
        new ManagedProcess(
            name(),
            JavaCommand.onThisJdk()
                .classpath(classpath)
                .jvm(
                    "-Xms256m",
                    "-Xmx768m",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-Dlog4j2.configurationFile=" + log4j,
                    "-Dkafka.logs.dir=" + dir.resolve("logs"))
                .main("kafka.Kafka", config.toString())
                .toList(),
            dir,
            context.logFile(name()),
            Map.of()));
  }

  private Path writeServerProperties(Path dir) {
    Properties props = new Properties();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", "1");
    props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.setProperty("controller.listener.names", "CONTROLLER");
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.setProperty("log.dirs", dir.resolve("data").toString());
    props.setProperty("num.partitions", "1");
    props.setProperty("auto.create.topics.enable", "true");
    props.setProperty("offsets.topic.replication.factor", "1");
    props.setProperty("offsets.topic.num.partitions", "5");
    props.setProperty("transaction.state.log.replication.factor", "1");
    props.setProperty("transaction.state.log.min.isr", "1");
    props.setProperty("transaction.state.log.num.partitions", "5");
    props.setProperty("share.coordinator.state.topic.replication.factor", "1");
    props.setProperty("share.coordinator.state.topic.min.isr", "1");
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    props.setProperty("log.flush.interval.messages", "9223372036854775807");
    return StackFiles.writeProperties(
        dir.resolve("server.properties"), props, "Tidemark local stack broker");
  }

  @Override
  boolean isReady() {
    if (!Ports.isListening(port)) {
      return false;
    }
    try (Admin admin = admin()) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000));
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("bootstrapServers", bootstrapServers());
    endpoints.put("version", version);
    return endpoints;
  }

  @Override
  public Map<String, String> placeholders() {
    return Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
  }
}
