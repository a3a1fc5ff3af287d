package io.tidemark.stack.component;

import io.tidemark.stack.StackComponent;
import io.tidemark.stack.StackContext;
import io.tidemark.stack.StackException;
import io.tidemark.stack.StackFiles;
import io.tidemark.stack.artifacts.Unpack;
import io.tidemark.stack.process.JavaCommand;
import io.tidemark.stack.process.Jdks;
import io.tidemark.stack.process.ManagedProcess;
import io.tidemark.stack.process.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Trino, the stand-in for Athena (whose engine v3 is Trino): a single coordinator with only the
 * Iceberg and Hive connectors, both keeping their metastore as files in the stack's S3 bucket.
 * Trino needs a newer Java than the plugins: {@code TRINO_JAVA_HOME}, or a JDK 24+ found in the
 * usual folders.
 */
public final class TrinoServer extends ProcessComponent {
  public static final String VERSION = "476";
  public static final int MIN_JAVA = 24;
  public static final String USER = "tidemark";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final String ROOT = "trino-server-" + VERSION + "/";
  private static final List<String> CATALOGS = List.of("iceberg", "hive");
  private static final Duration READY_SPAN = Duration.ofSeconds(2);

  private final int requestedPort;
  private int port;
  private TrinoRest probe;
  private Long passingSince;

  public TrinoServer(int port) {
    super(START_TIMEOUT, Duration.ofSeconds(15));
    this.requestedPort = port;
  }

  @Override
  public String name() {
    return "trino";
  }

  @Override
  public Set<Class<? extends StackComponent>> dependsOn() {
    return Set.of(S3Server.class);
  }

  @Override
  public void start(StackContext context) {
    Path jdk =
        Jdks.find(MIN_JAVA, "TRINO_JAVA_HOME")
            .orElseThrow(
                () ->
                    new StackException(
                        name(),
                        "Trino "
                            + VERSION
                            + " needs a JDK "
                            + MIN_JAVA
                            + " or newer: install one (e.g. Temurin 25) and set TRINO_JAVA_HOME to it",
                        null));
    port = Ports.claim(requestedPort, name(), "--trino-port");
    Path home = unpack(context);
    Path dir = context.dir(name());
    S3Server s3 = context.component(S3Server.class);
    Path config = writeConfig(dir, home);
    writeCatalogs(dir.resolve("catalog"), s3);
    launch(
        new ManagedProcess(
            name(),
            JavaCommand.on(jdk)
                .classpath(List.of(home.resolve("lib").resolve("*")))
                .jvm(
                    "-Xmx1g",
                    "-XX:+UseG1GC",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-XX:+UnlockDiagnosticVMOptions",
                    "-Djdk.attach.allowAttachSelf=true",
                    "--add-modules=jdk.incubator.vector",
                    "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow",
                    "-Dconfig=" + config,
                    "-Dlog.levels-file=" + writeLogLevels(dir))
                .main("io.trino.server.TrinoServer")
                .toList(),
            dir,
            context.logFile(name()),
            // The catalogs read the S3 secret from the environment, so no file holds it.
            Map.of("TIDEMARK_S3_SECRET", s3.secretKey())));
  }

  private static Path unpack(StackContext context) {
    Path tarball = context.artifacts().file("io.trino:trino-server:tar.gz:" + VERSION);
    Path unpacked =
        Unpack.once(
            tarball,
            context.cacheDir().resolve("trino-server-" + VERSION),
            entry ->
                entry.startsWith(ROOT + "lib/")
                    || entry.startsWith(ROOT + "plugin/iceberg/")
                    || entry.startsWith(ROOT + "plugin/hive/"));
    return unpacked.resolve(ROOT);
  }

  private Path writeConfig(Path dir, Path home) {
    Properties props = new Properties();
    props.setProperty("coordinator", "true");
    props.setProperty("node-scheduler.include-coordinator", "true");
    props.setProperty("http-server.http.port", Integer.toString(port));
    props.setProperty("discovery.uri", endpoint());
    props.setProperty("node.environment", "tidemark");
    props.setProperty("node.id", UUID.randomUUID().toString());
    props.setProperty("node.internal-address", "127.0.0.1");
    props.setProperty("node.bind-ip", "127.0.0.1");
    props.setProperty("plugin.dir", home.resolve("plugin").toString());
    props.setProperty("catalog.config-dir", dir.resolve("catalog").toString());
    props.setProperty("query.max-memory", "512MB");
    props.setProperty("query.max-memory-per-node", "512MB");
    return StackFiles.writeProperties(
        dir.resolve("config.properties"), props, "Tidemark local stack Trino");
  }

  private static Path writeLogLevels(Path dir) {
    Properties props = new Properties();
    props.setProperty("io.trino", "WARN");
    props.setProperty("io.trino.server.TrinoServer", "INFO");
    return StackFiles.writeProperties(dir.resolve("log.properties"), props, "Trino log levels");
  }

  private static void writeCatalogs(Path catalogDir, S3Server s3) {
    try {
      Files.createDirectories(catalogDir);
    } catch (IOException e) {
      throw new StackException("trino", "cannot create " + catalogDir + ": " + e, e);
    }
    Properties iceberg = s3Settings(s3);
    iceberg.setProperty("connector.name", "iceberg");
    iceberg.setProperty("iceberg.catalog.type", "TESTING_FILE_METASTORE");
    iceberg.setProperty("iceberg.hive-catalog-name", "hive");
    StackFiles.writeProperties(
        catalogDir.resolve("iceberg.properties"), iceberg, "Iceberg tables, metastore files in S3");
    Properties hive = s3Settings(s3);
    hive.setProperty("connector.name", "hive");
    hive.setProperty("hive.metastore", "file");
    hive.setProperty("hive.iceberg-catalog-name", "iceberg");
    hive.setProperty("hive.non-managed-table-writes-enabled", "true");
    StackFiles.writeProperties(
        catalogDir.resolve("hive.properties"), hive, "Hive tables over the landing zone");
  }

  private static Properties s3Settings(S3Server s3) {
    Properties props = new Properties();
    props.setProperty("hive.metastore.catalog.dir", "s3://" + S3Server.BUCKET + "/metastore");
    props.setProperty("fs.native-s3.enabled", "true");
    props.setProperty("s3.endpoint", s3.endpoint());
    props.setProperty("s3.path-style-access", "true");
    props.setProperty("s3.region", S3Server.REGION);
    props.setProperty("s3.aws-access-key", S3Server.ACCESS_KEY);
    props.setProperty("s3.aws-secret-key", "${ENV:TIDEMARK_S3_SECRET}");
    return props;
  }

  /**
   * Usable, not merely started: {@code /v1/info} says {@code starting: false} as soon as the HTTP
   * server is up, while the coordinator only schedules work once discovery lists it as an active
   * node, and a query in that gap fails with "No nodes available to run query" (its node map is
   * then cached for seconds, and registration can flap). So: the coordinator is an active node and
   * both catalogs answer a scan, in every probe for {@link #READY_SPAN} in a row.
   */
  @Override
  boolean isReady() {
    boolean started =
        Ports.isListening(port)
            && httpGet(endpoint() + "/v1/info")
                .filter(
                    info ->
                        info.statusCode() == 200
                            && info.body().replace(" ", "").contains("\"starting\":false"))
                .isPresent();
    if (!started || !answersQueries()) {
      passingSince = null;
      return false;
    }
    long now = System.nanoTime();
    if (passingSince == null) {
      passingSince = now;
    }
    return now - passingSince >= READY_SPAN.toNanos();
  }

  private boolean answersQueries() {
    if (probe == null) {
      probe = new TrinoRest(endpoint(), USER);
    }
    try {
      if (!"1"
          .equals(
              single(
                  probe,
                  "SELECT count(*) FROM system.runtime.nodes WHERE coordinator AND state = 'active'"))) {
        return false;
      }
      for (String catalog : CATALOGS) {
        single(probe, "SELECT count(*) FROM " + catalog + ".information_schema.schemata");
      }
      return true;
    } catch (TrinoRest.Failure e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String single(TrinoRest trino, String sql) throws InterruptedException {
    List<List<String>> rows = trino.run(sql, null, null, id -> {}).rows();
    return rows.size() == 1 ? rows.get(0).get(0) : null;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public String jdbcUrl() {
    return "jdbc:trino://127.0.0.1:" + port;
  }

  @Override
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("url", endpoint());
    endpoints.put("jdbcUrl", jdbcUrl());
    endpoints.put("user", USER);
    endpoints.put(
        "catalogs", "iceberg, hive (metastore in s3://" + S3Server.BUCKET + "/metastore)");
    endpoints.put("version", "Trino " + VERSION);
    return endpoints;
  }

  @Override
  public Map<String, String> placeholders() {
    return Map.of("TRINO_JDBC_URL", jdbcUrl());
  }
}
