package io.tidemark.configs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * msk/tidemark-msk-connect.cfn.yaml: every reference resolves, every connector runs its own bundle
 * with its own role, and its configuration is msk/<connector>.json (placeholders become template
 * parameters), so the template and the shipped configs cannot drift apart.
 */
class MskCloudFormationTest {
  private static final Map<String, String> CONNECTORS =
      Map.of(
          "debezium-mysql",
          "DebeziumMysql",
          "s3-sink",
          "S3Sink",
          "redshift-sink",
          "RedshiftSink",
          "athena-merge",
          "AthenaMerge");
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?}");
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");
  private static Map<String, Object> template;
  private static Map<String, Object> parameters;
  private static Map<String, Object> resources;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    try (Reader in = Files.newBufferedReader(Path.of("msk/tidemark-msk-connect.cfn.yaml"))) {
      template = new Yaml().load(in);
    }
    parameters = (Map<String, Object>) template.get("Parameters");
    resources = (Map<String, Object>) template.get("Resources");
  }

  @Test
  void everyReferenceResolvesAndEveryParameterIsUsed() {
    Set<String> used = new TreeSet<>();
    Set<String> unresolved = new TreeSet<>();
    walk(resources, used);
    for (String name : used) {
      if (!name.startsWith("AWS::")
          && !parameters.containsKey(name)
          && !resources.containsKey(name)) {
        unresolved.add(name);
      }
    }
    assertThat(unresolved).as("references to nothing").isEmpty();
    assertThat(used).as("parameters in use").containsAll(parameters.keySet());
  }

  @Test
  void eachConnectorRunsItsOwnBundleWithItsOwnRoleAndTheShippedConfig() {
    assertThat(resources.keySet().stream().filter(r -> r.endsWith("Connector")).toList())
        .containsExactlyInAnyOrderElementsOf(
            CONNECTORS.values().stream().map(c -> c + "Connector").toList());
    CONNECTORS.forEach(
        (file, id) -> {
          Map<String, Object> connector = properties(id + "Connector");
          assertThat(connector.get("KafkaConnectVersion")).isEqualTo("3.7.x");
          assertThat(connector.get("Plugins").toString())
              .contains("[" + id + "Plugin, CustomPluginArn]");
          assertThat(connector.get("ServiceExecutionRoleArn").toString())
              .contains("[" + id + "Role, Arn]");
          assertThat(properties(id + "Plugin").get("Location").toString())
              .contains("tidemark-msk-" + file + "-${BundleVersion}.zip");

          ConnectorConfig shipped = ConnectorConfig.load("msk/" + file + ".json");
          Map<String, String> expected = new LinkedHashMap<>();
          shipped.config().forEach((key, value) -> expected.put(key, toTemplate(value)));
          Map<String, String> actual = new LinkedHashMap<>();
          ((Map<?, ?>) connector.get("ConnectorConfiguration"))
              .forEach(
                  (key, value) ->
                      actual.put(
                          String.valueOf(key),
                          value instanceof Map<?, ?> sub
                              ? String.valueOf(sub.get("Fn::Sub"))
                              : String.valueOf(value)));
          assertThat(actual)
              .as("ConnectorConfiguration of %s vs msk/%s.json", id, file)
              .isEqualTo(expected);
        });
  }

  @Test
  void theWorkerConfigurationIsTheShippedOne() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("msk/worker.properties"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        lines.add(toTemplate(line));
      }
    }
    Object content =
        ((Map<?, ?>)
                ((Map<?, ?>) properties("WorkerConfiguration").get("PropertiesFileContent"))
                    .get("Fn::Base64"))
            .get("Fn::Sub");
    assertThat(content).isEqualTo(String.join("\n", lines) + "\n");
  }

  @Test
  void rolesAreLeastPrivilege() {
    CONNECTORS
        .values()
        .forEach(
            id -> {
              String policy = properties(id + "Role").get("Policies").toString();
              assertThat(policy)
                  .as(id)
                  .contains("kafka-cluster:Connect")
                  .doesNotContain("Action=*", "Action=[*]", ":*,", ":*]");
              assertThat(policy)
                  .as(id)
                  .doesNotContain(
                      "s3:*", "athena:*", "glue:*", "secretsmanager:*", "redshift-data:*");
            });
    assertThat(properties("DebeziumMysqlRole").get("Policies").toString())
        .contains("secretsmanager:GetSecretValue")
        .doesNotContain("s3:", "athena:", "redshift-data:");
    // What S3ObjectStore calls: Put/Get/Head (markers, objects), multipart uploads, and on
    // recovery ListMultipartUploads + AbortMultipartUpload; never DeleteObject.
    assertThat(properties("S3SinkRole").get("Policies").toString())
        .contains("${S3Bucket}/${S3Prefix}/*")
        .contains(
            "s3:GetObject",
            "s3:PutObject",
            "s3:AbortMultipartUpload",
            "s3:ListBucketMultipartUploads")
        .doesNotContain("s3:DeleteObject", "secretsmanager:", "athena:", "redshift-data:");
    assertThat(properties("RedshiftSinkRole").get("Policies").toString())
        .contains("redshift-data:ExecuteStatement")
        .doesNotContain("s3:", "athena:");
    assertThat(properties("AthenaMergeRole").get("Policies").toString())
        .contains("athena:StartQueryExecution", "glue:GetTable", "workgroup/${AthenaWorkgroup}")
        .doesNotContain("redshift-data:", "secretsmanager:");
  }

  /** How a shipped value appears in the template: placeholders become parameters. */
  static String toTemplate(String value) {
    Matcher matcher = PLACEHOLDER.matcher(value.replace("${secretsmanager:", "${!secretsmanager:"));
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String replacement;
      if (name.equals("AWS_REGION")) {
        replacement = "${AWS::Region}";
      } else if (name.equals("CONNECTOR_NAME") || name.equals("TASKS_MAX")) {
        replacement = matcher.group(2); // per connector: the shipped default, fixed in the template
      } else {
        replacement = "${" + camel(name) + "}";
        assertThat(parameters).as("parameter for ${%s}", name).containsKey(camel(name));
        assertThat(((Map<?, ?>) parameters.get(camel(name))).get("Default"))
            .as("default of %s", camel(name))
            .isEqualTo(matcher.group(2));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    String result = out.toString();
    // Values with nothing to substitute are plain strings in the template.
    return result.replace("${!", "\u0000").contains("${") ? result : result.replace("${!", "${");
  }

  private static String camel(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.toLowerCase().split("_")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(String resource) {
    assertThat(resources).containsKey(resource);
    return (Map<String, Object>) ((Map<String, Object>) resources.get(resource)).get("Properties");
  }

  /** Collects names used by Ref, Fn::GetAtt and Fn::Sub variables. */
  private static void walk(Object node, Set<String> used) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            if ("Ref".equals(key)) {
              used.add(String.valueOf(value));
            } else if ("Fn::GetAtt".equals(key)) {
              used.add(String.valueOf(((List<?>) value).get(0)));
            } else if ("Fn::Sub".equals(key)) {
              Matcher variables = SUB_VARIABLE.matcher(String.valueOf(value));
              while (variables.find()) {
                used.add(variables.group(1));
              }
            }
            walk(value, used);
          });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> walk(item, used));
    }
  }
}
