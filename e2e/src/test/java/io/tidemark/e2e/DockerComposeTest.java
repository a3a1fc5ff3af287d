package io.tidemark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.configs.EnvFile;
import io.tidemark.stack.RepoRoot;
import io.tidemark.stack.component.ConnectWorker;
import io.tidemark.stack.component.MskConnectRuntime;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, checked without Docker (our machines have no engine): the services the README
 * promises, pinned images, the runtime MSK Connect runs, our archives and Debezium on the worker's
 * plugin path, every mounted file present, and the configs it deploys are the ones connect-configs
 * ships for it, with every secret they reference in the env file.
 */
class DockerComposeTest {
  private static final Path ROOT = RepoRoot.find().orElseThrow();
  private static final Pattern ENV_REFERENCE =
      Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
      compose = new Yaml().load(in);
    }
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void theServicesTheReadmePromisesWithPinnedImages() {
    assertThat(services)
        .containsKeys(
            "kafka",
            "mysql",
            "minio",
            "postgres",
            "trino",
            "connect",
            "deploy",
            "plugins",
            "debezium");
    services.forEach(
        (name, service) -> {
          assertThat(service).as("service %s", name).containsKey("image");
          assertThat(String.valueOf(service.get("image")))
              .as("image of %s", name)
              .matches("[^:]+:[^:]+")
              .doesNotEndWith(":latest");
        });
    assertThat(image("mysql")).isEqualTo("mysql:8.4");
    assertThat(image("trino")).isEqualTo("trinodb/trino:476");
    assertThat(image("postgres")).isEqualTo("postgres:17");
    assertThat(env("kafka").get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
    assertThat(list(services.get("mysql").get("command")))
        .contains("--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL");
  }

  @Test
  void connectIsTheMskRuntimeWithOurArchivesAndDebeziumOnItsPluginPath() throws IOException {
    assertThat(image("connect")).isEqualTo("apache/kafka:" + MskConnectRuntime.KAFKA_VERSION);
    Properties worker = properties(mountSource("connect", "/etc/tidemark/worker.properties"));
    String pluginPath = worker.getProperty("plugin.path");
    List<String> mounts = list(services.get("connect").get("volumes"));
    assertThat(mounts).contains("plugins:" + pluginPath, "debezium:" + pluginPath + "/debezium");
    assertThat(worker.getProperty("config.providers")).contains("env");

    // The plugins service unpacks exactly the archives the build makes
    // (<module>/target/tidemark-*.zip).
    assertThat(String.join(" ", list(services.get("plugins").get("command"))))
        .contains("/archives/*/target/tidemark-*.zip");
    assertThat(list(services.get("plugins").get("volumes")))
        .contains(".:/archives:ro", "plugins:/plugins");
    // Debezium: the same version as the local stack and the MSK bundle.
    assertThat(String.join(" ", list(services.get("debezium").get("command"))))
        .contains(
            "debezium-connector-mysql/"
                + ConnectWorker.DEBEZIUM_VERSION
                + "/debezium-connector-mysql-"
                + ConnectWorker.DEBEZIUM_VERSION
                + "-plugin.tar.gz");
  }

  @Test
  void everyMountedFileExistsAndEveryDependencyIsAService() {
    services.forEach(
        (name, service) -> {
          for (String mount : list(service.get("volumes"))) {
            String source = mount.split(":")[0];
            if (source.startsWith("./")) {
              assertThat(ROOT.resolve(source)).as("%s mounts %s", name, source).exists();
            }
          }
          Object dependsOn = service.get("depends_on");
          Set<String> needed =
              dependsOn instanceof Map<?, ?> map
                  ? asStrings(map.keySet())
                  : new HashSet<>(list(dependsOn));
          assertThat(services.keySet()).as("depends_on of %s", name).containsAll(needed);
        });
    List<String> ports = new ArrayList<>();
    services.values().forEach(s -> list(s.get("ports")).forEach(p -> ports.add(p.split(":")[0])));
    assertThat(ports).doesNotHaveDuplicates();
  }

  @Test
  void itDeploysTheConfigsConnectConfigsShipsForItWithSecretsFromTheEnvFile() throws IOException {
    Path configs = mountSource("deploy", "/configs");
    assertThat(configs).isEqualTo(ROOT.resolve("connect-configs/docker"));
    Map<String, String> env = EnvFile.read(ROOT.resolve("docker/tidemark.env"));
    assertThat(list(services.get("connect").get("env_file"))).contains("docker/tidemark.env");
    List<String> classes = new ArrayList<>();
    try (Stream<Path> files = Files.list(configs)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        ConnectorConfig config = ConnectorConfig.read(file);
        classes.add(config.config().get("connector.class"));
        for (String value : config.config().values()) {
          assertThat(value)
              .as("%s: no ${PLACEHOLDER} (deploy.sh does not fill them)", file)
              .doesNotContainPattern("\\$\\{[A-Z]");
          Matcher reference = ENV_REFERENCE.matcher(value);
          while (reference.find()) {
            assertThat(env)
                .as("%s references ${env:%s}", file, reference.group(1))
                .containsKey(reference.group(1));
          }
        }
      }
    }
    assertThat(classes)
        .containsExactly(
            "io.debezium.connector.mysql.MySqlConnector", "io.tidemark.connect.s3.S3SinkConnector");
    assertThat(mountSource("deploy", "/deploy.sh")).isEqualTo(ROOT.resolve("docker/deploy.sh"));
  }

  private static String image(String service) {
    return String.valueOf(services.get(service).get("image"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(String service) {
    return (Map<String, Object>) services.get(service).get("environment");
  }

  /** The host path mounted at {@code target} in a service. */
  private static Path mountSource(String service, String target) {
    for (String mount : list(services.get(service).get("volumes"))) {
      String[] parts = mount.split(":");
      if (parts[1].equals(target)) {
        return ROOT.resolve(parts[0]).normalize();
      }
    }
    throw new AssertionError(service + " mounts nothing at " + target);
  }

  private static Properties properties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    return properties;
  }

  private static List<String> list(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> items) {
      items.forEach(i -> out.add(String.valueOf(i)));
    } else if (value != null) {
      out.add(String.valueOf(value));
    }
    return out;
  }

  private static Set<String> asStrings(Set<?> keys) {
    Set<String> out = new HashSet<>();
    keys.forEach(k -> out.add(String.valueOf(k)));
    return out;
  }
}
