package io.tidemark.connect.athena;

import io.tidemark.connect.athena.engine.AthenaClients;
import io.tidemark.connect.athena.engine.AthenaQueryEngine;
import io.tidemark.connect.athena.engine.AthenaSettings;
import io.tidemark.connect.athena.engine.Backoff;
import io.tidemark.connect.athena.engine.QueryEngine;
import io.tidemark.connect.athena.engine.RetryingRunner;
import io.tidemark.connect.athena.engine.Sleeper;
import io.tidemark.connect.athena.engine.TrinoQueryEngine;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.BatchPlanner;
import io.tidemark.connect.athena.plan.MaintenanceSchedule;
import io.tidemark.connect.athena.run.Downstream;
import io.tidemark.connect.athena.run.MergeLoop;
import io.tidemark.connect.athena.run.MergeStats;
import io.tidemark.connect.athena.run.TableMerger;
import io.tidemark.connect.athena.run.TableSetup;
import io.tidemark.connect.athena.run.UserTransactionsDownstream;
import io.tidemark.connect.athena.sql.DdlGenerator;
import io.tidemark.connect.athena.sql.Identifier;
import io.tidemark.connect.athena.sql.QualifiedName;
import io.tidemark.connect.athena.sql.UserTransactionsSql;
import java.net.URI;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.config.types.Password;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Builds the pieces of a merge run from the config: engine, retrying runner, planner, maintenance,
 * downstream aggregate and table setup. Shared by the task and the CLI, so both behave the same.
 */
final class MergeAssembly implements AutoCloseable {

  private final AthenaMergeConfig config;
  private final QueryEngine engine;
  private final RetryingRunner runner;
  private final MergeStats stats = new MergeStats();
  private final String logPrefix;

  MergeAssembly(AthenaMergeConfig config, String logPrefix) {
    this.config = config;
    this.logPrefix = logPrefix;
    this.engine = engine(config);
    this.runner =
        new RetryingRunner(
            engine,
            config.getInt(AthenaMergeConfig.RETRY_MAX_ATTEMPTS),
            new Backoff(
                Duration.ofMillis(config.getLong(AthenaMergeConfig.RETRY_INITIAL)),
                Duration.ofMillis(config.getLong(AthenaMergeConfig.RETRY_MAX))),
            Sleeper.system(),
            () -> ThreadLocalRandom.current().nextDouble());
  }

  static QueryEngine engine(AthenaMergeConfig c) {
    if (c.engine() == Engine.TRINO) {
      String url = c.getString(AthenaMergeConfig.TRINO_URL);
      Properties props = new Properties();
      props.setProperty("user", c.getString(AthenaMergeConfig.TRINO_USER));
      Password password = c.getPassword(AthenaMergeConfig.TRINO_PASSWORD);
      if (password != null) {
        props.setProperty("password", password.value());
      }
      Driver driver = trinoDriver();
      return new TrinoQueryEngine(
          () -> {
            Connection connection = driver.connect(url, props);
            if (connection == null) {
              throw new SQLException(
                  "the Trino driver does not accept " + AthenaMergeConfig.TRINO_URL + " " + url);
            }
            return connection;
          },
          Clock.systemUTC());
    }
    Optional<AwsCredentialsProvider> credentials = Optional.empty();
    String keyId = c.getString(AthenaMergeConfig.ATHENA_ACCESS_KEY);
    if (!keyId.isBlank()) {
      credentials =
          Optional.of(
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create(
                      keyId, c.getPassword(AthenaMergeConfig.ATHENA_SECRET_KEY).value())));
    }
    Optional<URI> endpoint =
        Optional.of(c.getString(AthenaMergeConfig.ATHENA_ENDPOINT))
            .filter(s -> !s.isBlank())
            .map(URI::create);
    AthenaSettings settings =
        new AthenaSettings(
            c.getString(AthenaMergeConfig.ATHENA_WORKGROUP),
            c.athenaOutputLocation(),
            c.getString(AthenaMergeConfig.ATHENA_CATALOG),
            c.getString(AthenaMergeConfig.ATHENA_DATABASE),
            new Backoff(
                Duration.ofMillis(c.getLong(AthenaMergeConfig.ATHENA_POLL_INITIAL)),
                Duration.ofMillis(c.getLong(AthenaMergeConfig.ATHENA_POLL_MAX))),
            Duration.ofMillis(c.getLong(AthenaMergeConfig.QUERY_TIMEOUT)));
    return new AthenaQueryEngine(
        AthenaClients.create(
            Optional.of(c.getString(AthenaMergeConfig.ATHENA_REGION)), endpoint, credentials),
        settings,
        Sleeper.system(),
        Clock.systemUTC());
  }

  /**
   * The driver from this plugin's own class loader: DriverManager only sees drivers of the caller's
   * loader, which under Connect's plugin isolation is not reliably ours.
   */
  private static Driver trinoDriver() {
    try {
      return (Driver)
          Class.forName("io.trino.jdbc.TrinoDriver", true, MergeAssembly.class.getClassLoader())
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(
          "engine=trino needs trino-jdbc in the plugin (io.trino:trino-jdbc): " + e, e);
    }
  }

  DdlGenerator ddl() {
    return config.engine().ddl(config.getString(AthenaMergeConfig.VACUUM_RETENTION));
  }

  Optional<UserTransactionsSql> userTransactions() {
    if (!config.getBoolean(AthenaMergeConfig.AGG_ENABLED)) {
      return Optional.empty();
    }
    TableMapping tx = mapping(config.getString(AthenaMergeConfig.AGG_TRANSACTIONS));
    TableMapping users = mapping(config.getString(AthenaMergeConfig.AGG_USERS));
    QualifiedName beside = tx.target();
    return Optional.of(
        new UserTransactionsSql(
            new QualifiedName(
                beside.catalog(),
                beside.schema(),
                Identifier.of(
                    config.getString(AthenaMergeConfig.AGG_TARGET), AthenaMergeConfig.AGG_TARGET)),
            new QualifiedName(
                beside.catalog(),
                beside.schema(),
                Identifier.of(
                    config.getString(AthenaMergeConfig.AGG_DIRTY), AthenaMergeConfig.AGG_DIRTY)),
            tx,
            users));
  }

  private TableMapping mapping(String alias) {
    return config.tableMappings().stream()
        .filter(m -> m.alias().equals(alias))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no table " + alias + " in " + AthenaMergeConfig.TABLES));
  }

  /** Creates and evolves tables as configured; runs before the first merge. */
  void setUpTables() {
    TableSetup setup = new TableSetup(engine, runner, ddl(), logPrefix);
    boolean create = config.getBoolean(AthenaMergeConfig.DDL_CREATE);
    for (TableMapping m : config.tableMappings()) {
      if (create) {
        setup.create(m);
      }
      setup.createTombstones(m);
      if (config.getBoolean(AthenaMergeConfig.SCHEMA_EVOLUTION)) {
        setup.evolve(m);
      }
    }
    if (create) {
      Optional<String> location =
          Optional.of(config.getString(AthenaMergeConfig.AGG_LOCATION)).filter(s -> !s.isBlank());
      userTransactions()
          .ifPresent(
              agg -> {
                List<String> statements =
                    agg.createTables(config.engine() == Engine.ATHENA, location);
                for (int i = 0; i < statements.size(); i++) {
                  setup.run("create-aggregate:" + i, statements.get(i));
                }
              });
    }
  }

  TableMerger merger() {
    BatchPlanner planner =
        new BatchPlanner(
            config.getInt(AthenaMergeConfig.BATCH_MAX_QUERY_BYTES),
            config.getInt(AthenaMergeConfig.BATCH_MAX_PARTITIONS),
            config.getInt(AthenaMergeConfig.BATCH_MAX_FILES));
    MaintenanceSchedule maintenance =
        new MaintenanceSchedule(
            ddl(),
            config.getInt(AthenaMergeConfig.OPTIMIZE_EVERY),
            config.getInt(AthenaMergeConfig.VACUUM_EVERY),
            config.tombstoneRetention());
    Downstream downstream =
        userTransactions()
            .<Downstream>map(
                agg ->
                    new UserTransactionsDownstream(
                        agg,
                        config.getString(AthenaMergeConfig.AGG_TRANSACTIONS),
                        config.getString(AthenaMergeConfig.AGG_USERS)))
            .orElse(Downstream.none());
    return new TableMerger(runner, planner, maintenance, downstream, stats, logPrefix);
  }

  <P> MergeLoop<P> loop(Clock clock) {
    return new MergeLoop<>(
        config.tableMappings(),
        merger(),
        clock,
        Duration.ofMillis(config.getLong(AthenaMergeConfig.BATCH_INTERVAL)),
        config.getInt(AthenaMergeConfig.BATCH_MAX_FILES),
        logPrefix);
  }

  QueryEngine engine() {
    return engine;
  }

  MergeStats stats() {
    return stats;
  }

  @Override
  public void close() {
    engine.close();
  }
}
