package io.tidemark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.configs.EnvFile;
import io.tidemark.configs.deploy.ConnectApi;
import io.tidemark.configs.deploy.Deploy;
import io.tidemark.configs.deploy.Deployer;
import io.tidemark.configs.deploy.FieldError;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.RepoRoot;
import io.tidemark.stack.component.KafkaBroker;
import io.tidemark.stack.component.MariaDb;
import io.tidemark.stack.component.MskConnectRuntime;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.process.Ports;
import io.tidemark.stack.redshift.RedshiftDataApiComponent;
import io.tidemark.stack.secrets.SecretsManagerComponent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MSK Connect bundles, and nothing else, on a Kafka Connect 3.7.2 worker on Java 17 (what MSK
 * Connect runs): each loads and offers what it declares, and MySQL -> the Debezium bundle -> the S3
 * sink bundle works with the MySQL password resolved by the bundled Secrets Manager config provider
 * from the stand-in.
 */
class MskBundlesIT {
  // The local stack's MariaDB needs Debezium's MariaDB connector (for GTIDs), which no MSK bundle
  // ships: MSK users capture MySQL. Every test-kit IT that deploys it has it validated by PUT.
  private static final Set<String> LOCAL_STACK_ONLY =
      Set.of("io.debezium.connector.mariadb.MariaDbConnector");

  static final List<String> BUNDLES =
      List.of("athena-merge", "debezium-mysql", "redshift-sink", "s3-sink");
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String MYSQL_SECRET = "tidemark/mysql";
  private static LocalStack stack;
  private static SecretsManagerComponent secrets;

  @BeforeAll
  static void startStack() {
    Path dir =
        Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack") + "-msk-bundles");
    int secretsPort = Ports.free();
    secrets = new SecretsManagerComponent(secretsPort);
    var worker =
        MskConnectRuntime.worker(0)
            .withoutDefaultPlugins()
            .withWorkerProperty("config.providers", "file,secretsmanager")
            .withWorkerProperty(
                "config.providers.secretsmanager.class",
                "io.tidemark.common.secrets.SecretsManagerConfigProvider")
            .withWorkerProperty("config.providers.secretsmanager.param.region", S3Server.REGION)
            .withWorkerProperty(
                "config.providers.secretsmanager.param.endpoint.url",
                "http://127.0.0.1:" + secretsPort)
            .withWorkerProperty("config.providers.secretsmanager.param.access.key.id", "stand-in")
            .withWorkerProperty(
                "config.providers.secretsmanager.param.secret.access.key", "stand-in");
    bundles().forEach(worker::withPlugin);
    stack =
        LocalStack.builder(dir)
            .add(new KafkaBroker(0))
            .add(worker)
            .add(new MariaDb(0))
            .add(new S3Server(0))
            .add(secrets)
            .build()
            .start();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  /**
   * {@code msk-bundles/<bundle>/target/bundle/tidemark-msk-<bundle>-<version>.zip}, by bundle name.
   */
  static List<Path> bundles() {
    Path root = RepoRoot.find().orElseThrow().resolve("msk-bundles");
    List<Path> zips = new java.util.ArrayList<>();
    for (String bundle : BUNDLES) {
      Path dir = root.resolve(bundle).resolve("target/bundle");
      try (Stream<Path> files = Files.list(dir)) {
        zips.addAll(files.filter(f -> f.getFileName().toString().endsWith(".zip")).toList());
      } catch (IOException e) {
        throw new AssertionError(
            "no bundle in "
                + dir
                + ": build it with ./mvnw -pl msk-bundles/"
                + bundle
                + " -am package",
            e);
      }
    }
    return zips;
  }

  @Test
  void everyBundleLoadsAloneOnTheMskRuntimeAndOffersWhatItDeclares() throws IOException {
    assertThat(bundles())
        .extracting(
            b -> b.getFileName().toString().replaceAll("tidemark-msk-(.*)-[0-9].*\\.zip", "$1"))
        .containsExactlyElementsOf(BUNDLES);
    Set<String> declared = new TreeSet<>();
    for (Path bundle : bundles()) {
      Set<String> inBundle = ZipServices.declared(bundle, jar -> true);
      if (!bundle.getFileName().toString().contains("athena-merge")) {
        // The Athena MERGE connector class is still being written; its bundle declares none yet.
        assertThat(inBundle).as("plugins declared in %s", bundle.getFileName()).isNotEmpty();
      }
      assertThat(ZipServices.libraryJars(bundle))
          .as("jars in %s", bundle.getFileName())
          .noneMatch(
              jar ->
                  jar.startsWith("connect-api-")
                      || jar.startsWith("kafka-clients-")
                      || jar.startsWith("connect-runtime-")
                      || jar.startsWith("slf4j-api-"))
          .anyMatch(jar -> jar.startsWith("secretsmanager-"))
          .anyMatch(jar -> jar.startsWith("aws-msk-iam-auth-"))
          .contains("msk-config-providers-0.1.0-SNAPSHOT.jar");
      declared.addAll(inBundle);
    }
    assertThat(stack.connect().rest().pluginClasses(false))
        .containsAll(declared)
        .contains(
            "io.debezium.connector.mysql.MySqlConnector", "io.tidemark.connect.s3.S3SinkConnector",
            "io.tidemark.connect.redshift.RedshiftSinkConnector",
                "io.tidemark.connect.smt.CdcUnwrap");
  }

  @Test
  void debeziumBundleToS3SinkBundleWithTheMysqlPasswordFromSecretsManager() throws Exception {
    secrets.putSecret(MYSQL_SECRET, "{\"password\":\"" + stack.mysql().debeziumPassword() + "\"}");
    stack
        .mysql()
        .execute(
            "CREATE DATABASE bundled",
            "CREATE TABLE bundled.items (id BIGINT PRIMARY KEY, name VARCHAR(40))",
            "INSERT INTO bundled.items VALUES (1, 'anchor'), (2, 'buoy')");
    ConnectorConfig source =
        ConnectorConfig.load("local/debezium-mysql.json")
            .with(Map.of("database.password", "${secretsmanager:" + MYSQL_SECRET + ":password}"));
    ConnectorConfig deployed =
        stack.deploy(source, Map.of("MYSQL_DATABASES", "bundled", "TOPIC_PREFIX", "bundled"), WAIT);
    String topic = "bundled.bundled.items";
    stack.deploy(
        ConnectorConfig.load("local/s3-sink.json"),
        Map.of(
            "CONNECTOR_NAME",
            "bundled-s3",
            "TOPICS",
            topic,
            "S3_PREFIX",
            "bundled",
            "FORMAT",
            "JSONL",
            "COMPRESSION",
            "NONE",
            "ROTATE_RECORDS",
            "3"),
        WAIT);
    stack.mysql().execute("UPDATE bundled.items SET name = 'bollard' WHERE id = 2");

    String key = "bundled/" + topic + "/partition=0/" + topic + "+0+" + "0".repeat(20) + ".jsonl";
    String lines = S3Objects.await(stack, "bundled/", key, WAIT);
    assertThat(lines.split("\n")).hasSize(3);
    assertThat(lines).contains("\"name\":\"anchor\"", "\"name\":\"bollard\"");
    // The password only ever travels as a reference.
    assertThat(deployed.config().get("database.password"))
        .isEqualTo("${secretsmanager:tidemark/mysql:password}");
    assertThat(stack.connect().rest().status(deployed.name()).toString())
        .doesNotContain(stack.mysql().debeziumPassword());
  }

  /**
   * Every config connect-configs ships (local/, aws/, msk/) passes the real plugins' validation
   * through {@code PUT /connector-plugins/{class}/config/validate}, the way the deploy command runs
   * it. aws/ and msk/ are filled from their example env files, with this stack's MySQL and Kafka
   * where a connector's validate() connects to them. The one exception is the local stack's MariaDB
   * source ({@link #LOCAL_STACK_ONLY}).
   */
  @Test
  void everyShippedConfigPassesThePluginsValidation() throws IOException {
    secrets.putSecret(MYSQL_SECRET, "{\"password\":\"" + stack.mysql().debeziumPassword() + "\"}");
    Path configs = RepoRoot.find().orElseThrow().resolve("connect-configs");
    List<String> offered = stack.connect().rest().pluginClasses(true);
    Deployer deployer = new Deployer(new ConnectApi(stack.connect().restUrl()), System.out);
    Set<String> notOffered = new TreeSet<>();
    List<String> validated = new java.util.ArrayList<>();
    for (String folder : List.of("local", "aws", "msk")) {
      Map<String, String> values = configValues(configs, folder);
      try (Stream<Path> files = Files.list(configs.resolve(folder))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
          ConnectorConfig rendered = ConnectorConfig.read(file).render(values);
          String connectorClass = rendered.config().get("connector.class");
          if (!offered.contains(connectorClass)) {
            if (folder.equals("local") && LOCAL_STACK_ONLY.contains(connectorClass)) {
              continue;
            }
            notOffered.add(connectorClass);
            continue;
          }
          assertThat(FieldError.describe(deployer.validate(rendered)))
              .as("validation of %s", file)
              .isEmpty();
          validated.add(folder + "/" + file.getFileName());
        }
      }
    }
    assertThat(validated).hasSizeGreaterThanOrEqualTo(8);
    assertThat(notOffered).as("connector classes no bundle offers").isEmpty();
  }

  /**
   * The self-managed quick start's command, exactly as README.md prints it, through the launcher's
   * entry point: {@code <worker>} is this worker and {@code my.env} a copy of aws/example.env
   * pointed at this stack's MySQL and Kafka. Every aws/ config validates and is deployed.
   */
  @Test
  void theReadmeDeployCommandDeploysTheAwsConfigs(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    secrets.putSecret(MYSQL_SECRET, "{\"password\":\"" + stack.mysql().debeziumPassword() + "\"}");
    Path root = RepoRoot.find().orElseThrow();
    List<String> command = readmeCommand(root.resolve("README.md"), "./tidemark deploy ");
    assertThat(command).contains("http://<worker>:8083", "my.env");
    Path envFile = dir.resolve("my.env");
    StringBuilder env = new StringBuilder();
    configValues(root.resolve("connect-configs"), "aws")
        .forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
    Files.writeString(envFile, env);
    String[] args =
        command.stream()
            .skip(1)
            .map(
                word ->
                    word.replace("http://<worker>:8083", stack.connect().restUrl())
                        .replace("my.env", envFile.toString()))
            .toArray(String[]::new);

    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream print =
        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
    int exit = io.tidemark.stack.cli.Tidemark.run(args, print, print);
    String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(exit).as("%s%n%s", String.join(" ", command), printed).isZero();
    // "updated" where another test of this class already runs a connector of that name.
    List<String> deployed =
        printed
            .lines()
            .filter(line -> line.endsWith(": created") || line.endsWith(": updated"))
            .toList();
    assertThat(deployed)
        .as(printed)
        .hasSize(4)
        .anyMatch(line -> line.contains("(aws/debezium-mysql.json)"))
        .anyMatch(line -> line.contains("(aws/s3-sink.json)"))
        .anyMatch(line -> line.contains("(aws/redshift-sink.json)"))
        .anyMatch(line -> line.contains("(aws/athena-merge.json)"));
    for (String line : deployed) {
      stack.connect().rest().delete(line.substring(0, line.indexOf(" (")));
    }
  }

  /** The words of the README's command starting with {@code prefix}, continuation lines joined. */
  private static List<String> readmeCommand(Path readme, String prefix) throws IOException {
    String text = Files.readString(readme).replace("\\\n", " ");
    String line =
        text.lines()
            .filter(l -> l.startsWith(prefix))
            .findFirst()
            .orElseThrow(() -> new AssertionError("README.md has no line starting with " + prefix));
    return List.of(line.trim().split("\\s+"));
  }

  /**
   * Placeholder values for a config folder: this stack's for local/; the folder's example.env for
   * aws/ and msk/, with this stack's MySQL and Kafka where a connector's validate() connects.
   */
  private static Map<String, String> configValues(Path configs, String folder) {
    Map<String, String> values = new java.util.LinkedHashMap<>(stack.placeholders());
    if (!folder.equals("local")) {
      values =
          new java.util.LinkedHashMap<>(
              EnvFile.read(configs.resolve(folder).resolve("example.env")));
      values.putAll(
          Map.of(
              "MYSQL_HOST",
              "127.0.0.1",
              "MYSQL_PORT",
              Integer.toString(stack.mysql().port()),
              "MYSQL_SSL_MODE",
              "disabled",
              "MYSQL_SECRET_ID",
              MYSQL_SECRET,
              "KAFKA_BOOTSTRAP_SERVERS",
              stack.kafka().bootstrapServers()));
    }
    values.putIfAbsent("TOPICS", "validate.topic");
    // This stack runs no Trino and no Redshift stand-in; the Athena MERGE and Redshift sinks'
    // validation checks the settings' form only, so the stand-ins' names do.
    values.putIfAbsent("TRINO_JDBC_URL", "jdbc:trino://127.0.0.1:8080/iceberg");
    new RedshiftDataApiComponent(0).placeholders().forEach(values::putIfAbsent);
    return values;
  }

  @Test
  void deployValidatesThenPutsIdempotentlyAndNamesBadKeys() {
    String url = stack.connect().restUrl();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    Map<String, String> env = new java.util.LinkedHashMap<>(stack.placeholders());
    env.putAll(Map.of("CONNECTOR_NAME", "deploy-s3", "TOPICS", "deploy.topic", "FORMAT", "NOPE"));
    String[] args = {"--connect-url", url, "local/s3-sink.json"};

    assertThat(
            Deploy.run(
                args, env, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)))
        .isEqualTo(1);
    assertThat(out.toString())
        .contains("deploy-s3 (local/s3-sink.json): 1 invalid setting, not deployed:")
        .contains("  format.type: ");
    assertThat(stack.connect().rest().pluginClasses(true)).isNotEmpty();

    env.putAll(Map.of("FORMAT", "JSONL", "COMPRESSION", "NONE"));
    out.reset();
    assertThat(
            Deploy.run(
                args, env, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)))
        .as("first deploy: %s", out)
        .isZero();
    assertThat(
            Deploy.run(
                args, env, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)))
        .as("second deploy: %s", out)
        .isZero();
    assertThat(out.toString())
        .contains(
            "deploy-s3 (local/s3-sink.json): created", "deploy-s3 (local/s3-sink.json): updated");
    assertThat(err.toString()).isEmpty();
    stack.connect().rest().delete("deploy-s3");
  }
}
