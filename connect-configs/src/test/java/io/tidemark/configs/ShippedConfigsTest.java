package io.tidemark.configs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every shipped config: parses, fills from its example env file, and holds no secret. */
class ShippedConfigsTest {
  static final List<String> CONNECTORS =
      List.of("athena-merge", "debezium-mysql", "redshift-sink", "s3-sink");
  private static final Pattern SECRET_KEY =
      Pattern.compile(".*(password|secret\\.access\\.key|hmac\\.key|token).*");

  /** What MSK Connect refuses in a worker configuration (it sets these itself). */
  private static final List<String> MSK_FORBIDDEN_PREFIXES =
      List.of(
          "bootstrap.servers",
          "plugin.path",
          "group.id",
          "listeners",
          "rest.",
          "security.",
          "sasl.",
          "ssl.",
          "admin.",
          "config.storage.",
          "status.storage.",
          "offset.storage.partitions",
          "offset.storage.replication.factor",
          "metric.reporters",
          "plugin.discovery");

  static List<Path> jsonFiles(String folder) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(folder))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "msk"})
  void everyConnectorHasAConfigThatFillsFromTheExampleEnvFile(String folder) throws IOException {
    assertThat(jsonFiles(folder))
        .extracting(f -> f.getFileName().toString().replace(".json", ""))
        .containsExactlyElementsOf(CONNECTORS);
    Map<String, String> env = EnvFile.read(Path.of(folder, "example.env"));
    for (Path file : jsonFiles(folder)) {
      ConnectorConfig rendered =
          ConnectorConfig.load(folder + "/" + file.getFileName()).render(env);
      assertThat(rendered.config().values())
          .as(file.toString())
          .noneMatch(v -> v.matches(".*\\$\\{[A-Z].*"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "aws", "msk"})
  void secretsAreOnlyConfigProviderReferences(String folder) throws IOException {
    for (Path file : jsonFiles(folder)) {
      ConnectorConfig config = ConnectorConfig.load(folder + "/" + file.getFileName());
      config
          .config()
          .forEach(
              (key, value) -> {
                if (SECRET_KEY.matcher(key).matches() && !value.isEmpty()) {
                  assertThat(value)
                      .as("%s in %s", key, file)
                      .matches("\\$\\{(file|env|secretsmanager):.*}");
                }
              });
      if (!folder.equals("local")) {
        // No files on AWS workers: secrets come from Secrets Manager.
        assertThat(config.config().values())
            .as(file.toString())
            .noneMatch(v -> v.contains("${file:") || v.contains("${env:"));
      }
    }
  }

  @Test
  void mskWorkerPropertiesUseOnlyWhatMskConnectAllows() throws IOException {
    Properties worker = new Properties();
    try (var in = Files.newBufferedReader(Path.of("msk/worker.properties"))) {
      worker.load(in);
    }
    assertThat(worker.stringPropertyNames())
        .contains("key.converter", "value.converter", "config.providers");
    for (String key : worker.stringPropertyNames()) {
      assertThat(MSK_FORBIDDEN_PREFIXES).as(key).noneMatch(key::startsWith);
    }
    assertThat(worker.getProperty("config.providers.secretsmanager.class"))
        .isEqualTo("io.tidemark.common.secrets.SecretsManagerConfigProvider");
  }

  @Test
  void envFilesParseTheSubsetShellsAndComposeShare() {
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    expected.put("A", "1");
    expected.put("B", "two words");
    expected.put("C", "x=y");
    expected.put("D", "");
    assertThat(
            EnvFile.parse(
                "t.env", List.of("# c", "", "A=1", "export B = 'two words'", "C=\"x=y\"", "D=")))
        .containsExactlyEntriesOf(expected);
    assertThatThrownBy(() -> EnvFile.parse("t.env", List.of("A=1", "oops hunter2")))
        .hasMessage("t.env:2: expected NAME=value");
  }
}
