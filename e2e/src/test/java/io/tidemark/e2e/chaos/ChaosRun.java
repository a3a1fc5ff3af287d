package io.tidemark.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.e2e.chaos.ChangeGenerator.Change;
import io.tidemark.e2e.chaos.ChangeGenerator.Kind;
import io.tidemark.e2e.chaos.ChaosSchedule.Action;
import io.tidemark.e2e.chaos.OffsetAudit.Coordinates;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.athena.AthenaComponent;
import io.tidemark.stack.athena.LakeTables;
import io.tidemark.stack.cli.Tidemark;
import io.tidemark.stack.component.ConnectCluster;
import io.tidemark.stack.component.ConnectWorker;
import io.tidemark.stack.component.KafkaBroker;
import io.tidemark.stack.component.MariaDb;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.component.TrinoServer;
import io.tidemark.stack.connect.ConnectRestClient.ConnectRestException;
import io.tidemark.stack.kit.ChangeEvent;
import io.tidemark.stack.kit.FaultyProxy;
import io.tidemark.stack.kit.SqlRows;
import io.tidemark.stack.kit.TopicReader;
import io.tidemark.stack.redshift.RedshiftDataApiComponent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One run of the chaos suite on its own demo stack (the default stack plus Trino and the Athena
 * stand-in): MySQL (the {@link ChangeGenerator}) -> Debezium -> S3 sink (Parquet, through a {@link
 * FaultyProxy}) -> commit events -> Athena MERGE companion (engine athena) -> Iceberg, and Debezium
 * -> Redshift sink (copy path, staging through the same proxy, DLQ, email hashed with HashFields)
 * -> Redshift Data API stand-in, while the {@link ChaosSchedule} kills the worker, restarts the
 * broker and injects S3, Data API and Athena faults. Then it proves what the summary lists: every
 * S3 offset landed exactly once, Redshift and Iceberg equal MySQL, the DLQ holds exactly the rows
 * made bad on purpose with their reason, and no configured secret appears in anything the run
 * produced. The connectors come from the shipped connect-configs/local configs.
 */
final class ChaosRun {
  static final String DATABASE = "chaos";
  static final String TOPIC_PREFIX = "chaos";
  static final String USERS_TOPIC = TOPIC_PREFIX + "." + DATABASE + ".users";
  static final String TRANSACTIONS_TOPIC = TOPIC_PREFIX + "." + DATABASE + ".transactions";
  static final List<String> TOPICS = List.of(USERS_TOPIC, TRANSACTIONS_TOPIC);
  static final String COMMITS_TOPIC = "chaos.s3.commits";
  static final String DLQ_TOPIC = "chaos.redshift.dlq";
  static final String LAKE_SCHEMA = "chaos_lake";
  static final String REDSHIFT_USERS = "public.chaos_chaos_users";
  static final String REDSHIFT_TRANSACTIONS = "public.chaos_chaos_transactions";
  static final String CDC = "chaos-cdc";
  static final String S3_SINK = "chaos-s3";
  static final String REDSHIFT_SINK = "chaos-redshift";
  static final String MERGE = "chaos-athena";
  static final String REDSHIFT_APPEND_SINK = "chaos-redshift-append";
  static final String REDSHIFT_APPEND = "public.chaos_chaos_transactions_append";
  static final String HMAC_SECRET = "pii.hmac.key";
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final Duration S3_FAULT_WINDOW = Duration.ofSeconds(45);

  /**
   * Scale-out: the last part of each S3 window the proxy is down (connections refused), longer than
   * the S3 sink's retries of one call (5 attempts, 200 ms doubling): its writes fail past its own
   * retries, so it must rewind and Connect must redeliver. Random faults alone are absorbed by the
   * sink's retries (a first scale-out run saw 139 faults, 0 rewinds, 0 Connect retries; with a 12 s
   * outage, 1 rewind in three windows: the SDK's retries come on top of the sink's).
   */
  private static final Duration S3_OUTAGE = Duration.ofSeconds(25);

  /**
   * Scale-out: an S3 window's random phase lasts at least this long and until it injected {@link
   * ChaosReport#MIN_WINDOW_FAULTS} faults, at most {@link #S3_RANDOM_MAX}; then the outage.
   */
  private static final Duration S3_RANDOM_MIN = Duration.ofSeconds(20);

  private static final Duration S3_RANDOM_MAX = Duration.ofSeconds(120);

  /**
   * Scale-out: a Data API or Athena window stays open until its armed faults were all injected, at
   * most this long (a window whose service saw no traffic then shows what it injected).
   */
  private static final Duration STANDIN_FAULT_WINDOW = Duration.ofSeconds(90);

  private static final int DATA_API_ARMED = 6;
  private static final int ATHENA_ARMED = 5;

  /**
   * Scale-out: a paused worker stays stopped this long at least, past the session timeout plus the
   * scheduled rebalance delay of {@link ConnectCluster#FAST_FAILOVER}, so its tasks move.
   */
  private static final Duration PAUSE = Duration.ofSeconds(16);

  private static final String TRANSACTIONS_COLUMNS = "transaction_id, user_id, total_cost, dt";
  private static final Pattern PARTITION = Pattern.compile("/partition=(\\d+)/");

  private final long seed;
  private final Duration length;
  private final double changesPerSecond;
  private final Path workDir;
  private final ChaosMode mode;
  private final int workers;
  private final PrintStream out;
  private final Random random;
  private final ChangeGenerator generator;
  private final List<ChaosSchedule.Event> schedule;
  private final ChaosReport report;

  /** Exception messages and task traces seen during the run, for the secrets scan. */
  private final Collection<String> messages = new ConcurrentLinkedQueue<>();

  private final Map<String, String> failedTasks = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AssignmentLog assignments = new AssignmentLog();
  private final ScheduledExecutorService windowCloser =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "chaos-window-closer");
            t.setDaemon(true);
            return t;
          });
  private final Map<Action, OpenWindow> openWindows = new EnumMap<>(Action.class);
  private final Map<Action, Integer> windowNumbers = new EnumMap<>(Action.class);
  private volatile int mergeTasksSeen = -1;
  private boolean s3OutageStarted;
  private long chaosBegin;
  private LocalStack stack;
  private FaultyProxy proxy;

  /**
   * A fault window still open: when it opened, the counters then, how many faults it armed (0: a
   * timed window) and its scheduled steps (the outage, the close).
   */
  private record OpenWindow(
      int number,
      Instant opened,
      long requests,
      long faults,
      int armed,
      List<ScheduledFuture<?>> scheduled) {}

  ChaosRun(
      long seed,
      Duration length,
      double changesPerSecond,
      int days,
      Path workDir,
      PrintStream out) {
    this(seed, length, changesPerSecond, days, ChaosMode.SINGLE, 1, workDir, out);
  }

  ChaosRun(
      long seed,
      Duration length,
      double changesPerSecond,
      int days,
      ChaosMode mode,
      int workers,
      Path workDir,
      PrintStream out) {
    if (mode == ChaosMode.SCALE_OUT && workers < 2) {
      throw new IllegalArgumentException("scale-out needs at least 2 workers, not " + workers);
    }
    this.seed = seed;
    this.length = length;
    this.changesPerSecond = changesPerSecond;
    this.mode = mode;
    this.workers = workers;
    this.workDir = workDir;
    this.out = out;
    this.random = new Random(seed);
    this.generator = new ChangeGenerator(seed, ChangeGenerator.Mix.standard(), DATABASE, days);
    this.schedule = ChaosSchedule.plan(seed, length, mode.counts());
    this.report = new ChaosReport(seed, length, mode);
  }

  ChaosReport run() throws Exception {
    try (LocalStack started = startStack();
        FaultyProxy s3Proxy = new FaultyProxy(started.s3().port(), new Random(seed), 0, 0)) {
      stack = started;
      proxy = s3Proxy;
      log("stack started in %d s (work dir %s)", stack.startTime().toSeconds(), workDir);
      if (mode == ChaosMode.SCALE_OUT) {
        // The spare leaves before anything is deployed; it joins (and leaves) during the run.
        spare().stop();
        log("Connect group %s; spare %s stopped", stack.connectCluster(), spare().name());
      }
      setUp();
      long begin = System.nanoTime();
      runChaos();
      report.ran(Duration.ofNanos(System.nanoTime() - begin));
      long drainBegin = System.nanoTime();
      verify();
      report.drained(Duration.ofNanos(System.nanoTime() - drainBegin));
      scanSecrets();
      report.failedTasks(failedTasks);
      if (mode == ChaosMode.SCALE_OUT) {
        report.mergeTasks(mergeTasksSeen);
        report.assignments(assignments);
        report.logEvents(workerLogEvents());
      }
    } finally {
      windowCloser.shutdownNow();
    }
    return report;
  }

  /**
   * The stack, started a second time when the first start times out: on a busy shared machine a
   * component can miss its start timeout, which says nothing about the plugins under test.
   */
  private LocalStack startStack() {
    try {
      return stackBuilder().build().start();
    } catch (RuntimeException e) {
      log(
          "the stack did not start (%s); trying once more",
          e.getMessage().lines().findFirst().orElse(""));
      return stackBuilder().build().start();
    }
  }

  /**
   * The demo's stack; in scale-out mode with a group of {@code workers} Connect workers plus a
   * spare instead of the single worker, with {@link ConnectCluster#FAST_FAILOVER} timeouts.
   */
  private LocalStack.Builder stackBuilder() {
    if (mode == ChaosMode.SINGLE) {
      return Tidemark.demoStack(workDir);
    }
    return LocalStack.builder(workDir)
        .add(new KafkaBroker(0))
        .add(new ConnectCluster(workers + 1).withWorkerProperties(ConnectCluster.FAST_FAILOVER))
        .add(new MariaDb(0))
        .add(new S3Server(0))
        .add(new Postgres(0))
        .add(new RedshiftDataApiComponent(0))
        .add(new TrinoServer(0))
        .add(new AthenaComponent(0));
  }

  /** Scale-out: the worker that joins and leaves the group during the run (the last one). */
  private ConnectWorker spare() {
    return stack.connectCluster().worker(workers);
  }

  private void setUp() {
    stack.mysql().execute(generator.createTables().toArray(String[]::new));
    // The Redshift copy of users, created by its owner with a code column narrower than MySQL's:
    // the rows made bad on purpose do not fit and must go to the DLQ. email holds HashFields' hex.
    stack
        .postgres()
        .execute(
            Postgres.DATABASE,
            "CREATE TABLE "
                + REDSHIFT_USERS
                + " (id BIGINT NOT NULL PRIMARY KEY,"
                + " registration_date DATE, name VARCHAR(256), code VARCHAR("
                + ChangeGenerator.REDSHIFT_CODE_BYTES
                + "), email VARCHAR(64))");
    LakeTables.query(
        stack.get(TrinoServer.class),
        "CREATE SCHEMA IF NOT EXISTS iceberg."
            + LAKE_SCHEMA
            + " WITH (location = 's3://"
            + S3Server.BUCKET
            + "/warehouse/"
            + LAKE_SCHEMA
            + "')");
    stack.secrets().get(HMAC_SECRET);

    ConnectorConfig cdc = ConnectorConfig.load("local/debezium-mariadb.json").named(CDC);
    if (mode == ChaosMode.SCALE_OUT) {
      // Debezium creates its topics with this many partitions (keyed by the row's primary key).
      cdc =
          cdc.with(
              Map.of(
                  "topic.creation.default.partitions",
                  Integer.toString(ChaosMode.SCALE_OUT_PARTITIONS)));
    }
    deploy(
        cdc,
        Map.of(
            "TOPIC_PREFIX", TOPIC_PREFIX, "MYSQL_DATABASES", DATABASE, "MYSQL_SERVER_ID", "6601"));
    // A first load, so both topics exist before the sinks subscribe.
    try (Connection mysql = stack.mysql().connection()) {
      while (report.changes() < 40 || !topicsExist()) {
        apply(mysql, generator.next());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("first load: " + e.getMessage(), e);
    }

    deploy(
        ConnectorConfig.load("local/s3-sink.json"),
        Map.of(
            "CONNECTOR_NAME",
            S3_SINK,
            "TOPICS",
            String.join(",", TOPICS),
            "S3_PREFIX",
            "raw",
            "COMMIT_EVENTS_TOPIC",
            COMMITS_TOPIC,
            "ROTATE_SCHEDULE_MS",
            "5000",
            "S3_ENDPOINT",
            proxy.endpoint(),
            "TASKS_MAX",
            sinkTasks()));
    deploy(
        ConnectorConfig.load("local/redshift-sink.json")
            .with(
                Map.of(
                    "transforms", "unwrap,pii",
                    "transforms.pii.type", "io.tidemark.connect.smt.HashFields$Value",
                    "transforms.pii.fields", "email",
                    "transforms.pii.hmac.key", "${file:${SECRETS_FILE}:" + HMAC_SECRET + "}")),
        Map.of(
            "CONNECTOR_NAME",
            REDSHIFT_SINK,
            "TOPICS",
            String.join(",", TOPICS),
            "REDSHIFT_COPY_MIN_ROWS",
            "1",
            "ERRORS_TOLERANCE",
            "all",
            "DLQ_TOPIC",
            DLQ_TOPIC,
            "S3_ENDPOINT",
            proxy.endpoint(),
            "TASKS_MAX",
            sinkTasks()));
    Map<String, String> merge = new LinkedHashMap<>();
    merge.put("aggregate.user_transactions.enabled", "false");
    if (mode == ChaosMode.SCALE_OUT) {
      // The companion's rule: one task whatever tasks.max says (one writer per table); the run
      // checks the REST status never shows more.
      merge.put("tasks.max", Integer.toString(ChaosMode.SCALE_OUT_TASKS));
    }
    deploy(ConnectorConfig.load("local/athena-merge.json").with(merge), mergeValues());
    if (mode == ChaosMode.SCALE_OUT) {
      // Append mode: every change event of transactions (inserts and updates; deletes are not
      // written) must be one row, however the partitions move.
      deploy(
          ConnectorConfig.load("local/redshift-sink.json")
              .with(
                  Map.of(
                      "redshift.mode", "append",
                      "redshift.table.name.format", "${topic}_append")),
          Map.of(
              "CONNECTOR_NAME",
              REDSHIFT_APPEND_SINK,
              "TOPICS",
              TRANSACTIONS_TOPIC,
              "REDSHIFT_COPY_MIN_ROWS",
              "1",
              "REDSHIFT_STAGING_PREFIX",
              "redshift-staging-append/",
              "S3_ENDPOINT",
              proxy.endpoint(),
              "TASKS_MAX",
              sinkTasks()));
    }
  }

  private String sinkTasks() {
    return mode == ChaosMode.SCALE_OUT ? Integer.toString(ChaosMode.SCALE_OUT_TASKS) : "1";
  }

  private Map<String, String> mergeValues() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("CONNECTOR_NAME", MERGE);
    values.put("MERGE_ENGINE", "athena");
    values.put("COMMIT_EVENTS_TOPIC", COMMITS_TOPIC);
    values.put("TOPIC_PREFIX", TOPIC_PREFIX);
    values.put("MYSQL_DATABASE", DATABASE);
    values.put("S3_PREFIX", "raw");
    values.put("LAKE_SCHEMA", LAKE_SCHEMA);
    values.put("MERGE_INTERVAL_MS", "3000");
    // The companion maps the columns it is configured with; the columns the run will add are
    // configured from the start (null until MySQL has them), as changing the config while the
    // worker is killed every few seconds would race with the MERGEs of the new values.
    values.put(
        "USERS_COLUMNS",
        "id:bigint,registration_date:date,name:string,code:string,email:string"
            + IntStream.rangeClosed(1, mode.counts().get(Action.ADD_COLUMN))
                .mapToObj(n -> "," + ChangeGenerator.EXTRA_COLUMN + n + ":bigint")
                .collect(Collectors.joining())
            + ",__deleted:boolean,__offset:bigint");
    return values;
  }

  private void deploy(ConnectorConfig template, Map<String, String> values) {
    ConnectorConfig rendered = deployOnceTheGroupHasALeader(template, values);
    // The answer of the worker's validation of what was deployed goes to the secrets scan.
    Map<String, String> config = new LinkedHashMap<>(rendered.config());
    config.put("name", rendered.name());
    JsonNode validation = stack.connectRest().validate(config.get("connector.class"), config);
    messages.add("validate " + rendered.name() + ": " + validation);
    List<String> errors = new ArrayList<>();
    for (JsonNode entry : validation.path("configs")) {
      entry
          .path("value")
          .path("errors")
          .forEach(e -> errors.add(entry.path("value").path("name").asText() + ": " + e.asText()));
    }
    report.validated(rendered.name(), errors);
  }

  /**
   * Deploys; in scale-out mode a PUT that a worker could not forward to the leader (the spare, just
   * stopped, may have led the group until the next rebalance) or that met a rebalance (409) is sent
   * again, for at most a minute. Anything else fails the run as before.
   */
  private ConnectorConfig deployOnceTheGroupHasALeader(
      ConnectorConfig template, Map<String, String> values) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      try {
        return stack.deploy(template, values, TIMEOUT);
      } catch (ConnectRestException e) {
        String message = String.valueOf(e.getMessage());
        boolean noLeaderYet =
            message.contains("trying to forward REST request") || message.contains("HTTP 409");
        if (mode == ChaosMode.SINGLE || !noLeaderYet || System.nanoTime() > deadline) {
          throw e;
        }
        messages.add(message);
        log("deploy: the group has no reachable leader yet (%s); again in 2 s", message);
        try {
          Thread.sleep(2000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private boolean topicsExist() {
    try (var admin = stack.kafka().admin()) {
      return admin.listTopics().names().get().containsAll(TOPICS);
    } catch (Exception e) {
      return false;
    }
  }

  // ---- the run: changes on one thread, faults on another, a watch on the connectors ----

  private void runChaos() throws Exception {
    long begin = System.nanoTime();
    chaosBegin = begin;
    List<ChaosSchedule.Event> faults = new ArrayList<>();
    List<ChaosSchedule.Event> schemaChanges = new ArrayList<>();
    for (ChaosSchedule.Event event : schedule) {
      (event.action() == Action.ADD_COLUMN || event.action() == Action.WIDEN_VARCHAR
              ? schemaChanges
              : faults)
          .add(event);
    }
    Collection<Throwable> errors = new ConcurrentLinkedQueue<>();
    Thread changes = thread("chaos-changes", () -> changes(begin, schemaChanges), errors);
    // Scale-out: fault windows on a thread of their own, so that a cluster fault that blocks for a
    // minute (a rolling restart) neither delays them nor bunches windows of one kind together.
    List<ChaosSchedule.Event> windows =
        mode == ChaosMode.SCALE_OUT
            ? faults.stream().filter(e -> isWindow(e.action())).toList()
            : List.of();
    List<ChaosSchedule.Event> blocking = faults.stream().filter(e -> !windows.contains(e)).toList();
    Thread chaos = thread("chaos-faults", () -> faults(begin, blocking), errors);
    Thread windowThread = thread("chaos-windows", () -> windows(begin, windows), errors);
    changes.start();
    chaos.start();
    windowThread.start();
    long end = begin + length.toNanos();
    // On a busy machine a restart can take a minute: the run lasts until every fault has happened.
    long nextLog = 0;
    while ((System.nanoTime() < end
            || chaos.isAlive()
            || windowThread.isAlive()
            || hasOpenWindows())
        && errors.isEmpty()) {
      // Scale-out samples where tasks and partitions run every 2 s, so that moves are seen.
      Thread.sleep(mode == ChaosMode.SCALE_OUT ? 2000 : 5000);
      watchConnectors();
      if (mode == ChaosMode.SCALE_OUT) {
        sampleAssignments();
        closeSpentWindows();
      }
      if (System.nanoTime() < nextLog) {
        continue;
      }
      nextLog = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      log(
          "%3.0f s: %d changes, %d worker kills, %d broker restarts%s",
          (System.nanoTime() - begin) / 1e9,
          report.changes(),
          report.count(Action.KILL_WORKER),
          report.count(Action.RESTART_BROKER),
          mode == ChaosMode.SCALE_OUT
              ? String.format(
                  ", %d pauses, %d rolling restarts, %d scalings, partition moves %s",
                  report.count(Action.PAUSE_WORKER),
                  report.count(Action.ROLLING_RESTART),
                  report.count(Action.SCALE_WORKER),
                  assignments.partitionMoves())
              : "");
    }
    stop.set(true);
    changes.join();
    chaos.join();
    windowThread.join();
    for (Action open : List.copyOf(openWindowActions())) {
      closeWindow(open);
    }
    proxy.faults(0, 0, 0);
    stack.get(RedshiftDataApiComponent.class).faults().reset();
    stack.get(AthenaComponent.class).faults().reset();
    report.proxy(proxy.requests(), proxy.errors(), proxy.resets(), proxy.stalls());
    report.proxyRefused(proxy.refused());
    report.athenaFaults(stack.get(AthenaComponent.class).faults().injected());
    if (!errors.isEmpty()) {
      Throwable first = errors.iterator().next();
      messages.add(String.valueOf(first));
      throw new IllegalStateException("the chaos run stopped: " + first, first);
    }
  }

  private static Thread thread(String name, ThrowingRunnable body, Collection<Throwable> errors) {
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable t) {
                errors.add(t);
              }
            },
            name);
    thread.setDaemon(true);
    return thread;
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Applies changes at the configured rate, and the schema changes when they are due. */
  private void changes(long begin, List<ChaosSchedule.Event> schemaChanges) throws Exception {
    long intervalNanos = (long) (1e9 / changesPerSecond);
    long next = System.nanoTime();
    int due = 0;
    try (Connection mysql = stack.mysql().connection()) {
      while (!stop.get()) {
        if (due < schemaChanges.size()
            && System.nanoTime() - begin >= schemaChanges.get(due).at().toNanos()) {
          Action action = schemaChanges.get(due++).action();
          apply(
              mysql,
              action == Action.ADD_COLUMN ? generator.addColumn() : generator.widenVarchar());
          report.did(action);
          continue;
        }
        apply(mysql, generator.next());
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } else {
          next = System.nanoTime();
        }
      }
    }
  }

  private void apply(Connection mysql, Change change) throws SQLException {
    boolean ddl = change.kind() == Kind.ADD_COLUMN || change.kind() == Kind.WIDEN_VARCHAR;
    mysql.setAutoCommit(ddl);
    try (Statement statement = mysql.createStatement()) {
      for (String sql : change.statements()) {
        statement.execute(sql);
      }
      if (!ddl) {
        mysql.commit();
      }
    } catch (SQLException e) {
      throw new SQLException(
          change.kind() + " failed on MySQL: " + e.getMessage() + " (" + change.statements() + ")",
          e);
    }
    report.applied(change);
  }

  /** Runs each fault when it is due, then returns; S3 fault windows close on their own. */
  private void faults(long begin, List<ChaosSchedule.Event> events) throws Exception {
    if (mode == ChaosMode.SCALE_OUT) {
      scaleOutFaults(begin, events);
      return;
    }
    long s3FaultsUntil = 0;
    int due = 0;
    while (!stop.get() && (due < events.size() || s3FaultsUntil != 0)) {
      long now = System.nanoTime();
      if (s3FaultsUntil != 0 && now > s3FaultsUntil) {
        proxy.faults(0, 0, 0);
        s3FaultsUntil = 0;
      }
      if (due < events.size() && now - begin >= events.get(due).at().toNanos()) {
        Action action = events.get(due++).action();
        log("chaos: %s", action);
        switch (action) {
          case KILL_WORKER -> {
            stack.connect().kill();
            Thread.sleep(500 + random.nextInt(2500));
            stack.connect().restart();
          }
          case RESTART_BROKER -> {
            stack.kafka().kill();
            Thread.sleep(500 + random.nextInt(2500));
            stack.kafka().restart();
          }
          case S3_FAULTS -> {
            proxy.faults(0.15, 0.1, 0.1);
            s3FaultsUntil = System.nanoTime() + S3_FAULT_WINDOW.toNanos();
          }
          case DATA_API_FAULTS -> {
            stack.get(RedshiftDataApiComponent.class).faults().throttleNextRequests(3);
            stack
                .get(RedshiftDataApiComponent.class)
                .faults()
                .failNextStatement(
                    "ERROR: could not serialize access due to concurrent update (injected by the chaos suite)");
          }
          case ATHENA_FAULTS -> {
            stack
                .get(AthenaComponent.class)
                .faults()
                .failNextQueries(2, "ICEBERG_COMMIT_ERROR", "MERGE INTO");
            stack.get(AthenaComponent.class).faults().throttleNextRequests(3);
          }
          default -> throw new IllegalStateException("not a fault: " + action);
        }
        report.did(action);
        continue;
      }
      Thread.sleep(200);
    }
  }

  // ---- scale-out: faults on the group, fault windows, assignments ----

  private static boolean isWindow(Action action) {
    return action == Action.S3_FAULTS
        || action == Action.DATA_API_FAULTS
        || action == Action.ATHENA_FAULTS;
  }

  /**
   * Scale-out: opens each fault window when it is due; a window whose kind is still open waits
   * until that one has closed (two windows of a kind never overlap, each is counted alone).
   */
  private void windows(long begin, List<ChaosSchedule.Event> events) throws Exception {
    List<ChaosSchedule.Event> pending = new ArrayList<>(events);
    while (!stop.get() && !pending.isEmpty()) {
      for (ChaosSchedule.Event event : List.copyOf(pending)) {
        Action action = event.action();
        if (System.nanoTime() - begin < event.at().toNanos()
            || openWindowActions().contains(action)) {
          continue;
        }
        pending.remove(event);
        log("chaos: %s", action);
        switch (action) {
          case S3_FAULTS -> {
            openWindow(action, S3_FAULT_WINDOW, 0);
            proxy.faults(0.15, 0.1, 0.1);
          }
          case DATA_API_FAULTS -> {
            openWindow(action, STANDIN_FAULT_WINDOW, DATA_API_ARMED);
            // 5 throttled calls and a FAILED statement: at least the MIN_WINDOW_FAULTS.
            stack.get(RedshiftDataApiComponent.class).faults().throttleNextRequests(5);
            stack
                .get(RedshiftDataApiComponent.class)
                .faults()
                .failNextStatement(
                    "ERROR: could not serialize access due to concurrent update (injected by the chaos suite)");
          }
          case ATHENA_FAULTS -> {
            openWindow(action, STANDIN_FAULT_WINDOW, ATHENA_ARMED);
            stack
                .get(AthenaComponent.class)
                .faults()
                .failNextQueries(2, "ICEBERG_COMMIT_ERROR", "MERGE INTO");
            stack.get(AthenaComponent.class).faults().throttleNextRequests(3);
          }
          default -> throw new IllegalStateException("not a fault window: " + action);
        }
        report.did(action);
      }
      Thread.sleep(200);
    }
  }

  /** Runs each fault on the Connect group (and the broker) when it is due, then returns. */
  private void scaleOutFaults(long begin, List<ChaosSchedule.Event> events) throws Exception {
    int due = 0;
    while (!stop.get() && due < events.size()) {
      if (System.nanoTime() - begin < events.get(due).at().toNanos()) {
        Thread.sleep(200);
        continue;
      }
      Action action = events.get(due++).action();
      log("chaos: %s", action);
      assignments.startCounting();
      switch (action) {
        case KILL_WORKER -> {
          ConnectWorker worker = anyRunningWorker();
          log("SIGKILL %s", worker.name());
          worker.kill();
          // Sometimes past the session timeout and the rebalance delay (its tasks move),
          // sometimes back in time to keep them.
          Thread.sleep(1000 + random.nextInt(14_000));
          worker.restart();
        }
        case PAUSE_WORKER -> {
          ConnectWorker worker = anyRunningWorker();
          log("SIGSTOP %s", worker.name());
          worker.pause();
          Thread.sleep(PAUSE.toMillis() + random.nextInt(6000));
          log("SIGCONT %s", worker.name());
          worker.resume();
        }
        case ROLLING_RESTART -> {
          for (ConnectWorker worker : runningWorkers()) {
            log("rolling restart: %s", worker.name());
            worker.restart();
          }
        }
        case SCALE_WORKER -> {
          ConnectWorker spare = spare();
          if (spare.process().isAlive()) {
            log("%s leaves the group", spare.name());
            spare.stop();
          } else {
            log("%s joins the group", spare.name());
            spare.restart();
          }
        }
        case RESTART_BROKER -> {
          stack.kafka().kill();
          Thread.sleep(500 + random.nextInt(2500));
          stack.kafka().restart();
        }
        default -> throw new IllegalStateException("not a fault: " + action);
      }
      report.did(action);
    }
  }

  private List<ConnectWorker> runningWorkers() {
    return stack.connectCluster().workers().stream()
        .filter(w -> w.process() != null && w.process().isAlive() && !w.isPaused())
        .toList();
  }

  private ConnectWorker anyRunningWorker() {
    List<ConnectWorker> running = runningWorkers();
    if (running.isEmpty()) {
      throw new IllegalStateException("no Connect worker is running");
    }
    return running.get(random.nextInt(running.size()));
  }

  /**
   * Opens a fault window of {@code action}, closing the one of the same kind first when it is still
   * open (two windows of a kind are then counted apart); it closes after {@code length}.
   */
  private synchronized void openWindow(Action action, Duration length, int armed) {
    if (openWindows.containsKey(action)) {
      closeWindow(action);
    }
    int number = windowNumbers.merge(action, 1, Integer::sum);
    List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    if (action == Action.S3_FAULTS) {
      // The outage starts once the random phase bit (closeSpentWindows), at the latest after
      // S3_RANDOM_MAX; the window closes S3_OUTAGE after the outage started.
      s3OutageStarted = false;
      length = S3_RANDOM_MAX.plus(S3_OUTAGE);
      scheduled.add(
          windowCloser.schedule(this::s3Outage, S3_RANDOM_MAX.toMillis(), TimeUnit.MILLISECONDS));
    }
    scheduled.add(
        windowCloser.schedule(() -> closeWindow(action), length.toMillis(), TimeUnit.MILLISECONDS));
    openWindows.put(
        action,
        new OpenWindow(
            number, Instant.now(), proxy.requests(), injected(action), armed, scheduled));
  }

  private synchronized void s3Outage() {
    OpenWindow w = openWindows.get(Action.S3_FAULTS);
    if (w == null || s3OutageStarted) {
      return;
    }
    s3OutageStarted = true;
    log("S3 window %d: the proxy is down", w.number());
    proxy.down();
    w.scheduled()
        .add(
            windowCloser.schedule(
                () -> closeWindow(Action.S3_FAULTS), S3_OUTAGE.toMillis(), TimeUnit.MILLISECONDS));
  }

  /**
   * Closes the stand-in windows whose armed faults were all injected; moves an S3 window to its
   * outage once its random phase lasted {@link #S3_RANDOM_MIN} and injected {@link
   * ChaosReport#MIN_WINDOW_FAULTS} (a window that opens while the broker restarts sees no S3
   * traffic at first).
   */
  private synchronized void closeSpentWindows() {
    for (Action action : List.copyOf(openWindows.keySet())) {
      OpenWindow w = openWindows.get(action);
      if (w.armed() > 0 && injected(action) - w.faults() >= w.armed()) {
        closeWindow(action);
      } else if (action == Action.S3_FAULTS
          && !s3OutageStarted
          && Duration.between(w.opened(), Instant.now()).compareTo(S3_RANDOM_MIN) >= 0
          && injected(action) - w.faults() >= ChaosReport.MIN_WINDOW_FAULTS) {
        s3Outage();
      }
    }
  }

  /** Turns the window's faults off and reports what it injected. */
  private synchronized void closeWindow(Action action) {
    OpenWindow w = openWindows.remove(action);
    if (w == null) {
      return;
    }
    w.scheduled().forEach(f -> f.cancel(false));
    switch (action) {
      case S3_FAULTS -> {
        proxy.up();
        proxy.faults(0, 0, 0);
      }
      case DATA_API_FAULTS -> stack.get(RedshiftDataApiComponent.class).faults().reset();
      case ATHENA_FAULTS -> stack.get(AthenaComponent.class).faults().reset();
      default -> throw new IllegalStateException("not a fault window: " + action);
    }
    ChaosReport.FaultWindow window =
        new ChaosReport.FaultWindow(
            action,
            w.number(),
            w.opened(),
            Instant.now(),
            action == Action.S3_FAULTS ? proxy.requests() - w.requests() : 0,
            injected(action) - w.faults());
    report.window(window);
    log(
        "%s window %d closed: %d faults injected in %d s",
        action,
        w.number(),
        window.faults(),
        Duration.between(window.opened(), window.closed()).toSeconds());
  }

  private synchronized boolean hasOpenWindows() {
    return !openWindows.isEmpty();
  }

  private synchronized List<Action> openWindowActions() {
    return List.copyOf(openWindows.keySet());
  }

  /** Faults injected so far by the proxy or stand-in behind {@code action}. */
  private long injected(Action action) {
    return switch (action) {
      case S3_FAULTS -> (long) proxy.errors() + proxy.resets() + proxy.stalls() + proxy.refused();
      case DATA_API_FAULTS -> stack.get(RedshiftDataApiComponent.class).faults().injected();
      case ATHENA_FAULTS -> stack.get(AthenaComponent.class).faults().injected();
      default -> throw new IllegalStateException("not a fault window: " + action);
    };
  }

  private List<String> sinks() {
    return mode == ChaosMode.SCALE_OUT
        ? List.of(S3_SINK, REDSHIFT_SINK, REDSHIFT_APPEND_SINK)
        : List.of(S3_SINK, REDSHIFT_SINK);
  }

  /**
   * One sample of where each task runs (REST status: task -> worker) and which partitions each sink
   * task holds (the sink's consumer group, {@code connect-<name>}: member client id {@code
   * connector-consumer-<name>-<task>} -> partitions). A sample that fails (a worker or the broker
   * restarting) is skipped.
   */
  private void sampleAssignments() {
    Map<String, String> tasks = new TreeMap<>();
    Map<String, String> partitions = new TreeMap<>();
    Map<String, String> partitionTasks = new TreeMap<>();
    try {
      for (String connector : connectors()) {
        JsonNode status = stack.connectRest().status(connector);
        for (JsonNode task : status.path("tasks")) {
          if ("RUNNING".equals(task.path("state").asText())) {
            tasks.put(
                connector + "/" + task.path("id").asText(),
                workerName(task.path("worker_id").asText()));
          }
        }
      }
      List<String> groups = sinks().stream().map(s -> "connect-" + s).toList();
      try (Admin admin = stack.kafka().admin()) {
        Map<String, ConsumerGroupDescription> described =
            admin.describeConsumerGroups(groups).all().get(10, TimeUnit.SECONDS);
        described.forEach(
            (group, description) -> {
              String connector = group.substring("connect-".length());
              String prefix = "connector-consumer-" + connector + "-";
              for (MemberDescription member : description.members()) {
                if (!member.clientId().startsWith(prefix)) {
                  continue;
                }
                String task = connector + "/" + member.clientId().substring(prefix.length());
                String worker = tasks.get(task);
                if (worker == null) {
                  continue;
                }
                for (TopicPartition tp : member.assignment().topicPartitions()) {
                  partitions.put(connector + " " + tp, worker);
                  partitionTasks.put(connector + " " + tp, task);
                }
              }
            });
      }
    } catch (Exception e) {
      return;
    }
    assignments.record(
        Duration.ofNanos(System.nanoTime() - chaosBegin), tasks, partitions, partitionTasks);
  }

  private String workerName(String workerId) {
    try {
      return stack.connectCluster().workerById(workerId).name();
    } catch (IllegalArgumentException e) {
      return workerId;
    }
  }

  /** The rewinds, retries and fenced writes the workers logged (all their logs). */
  private List<WorkerLogEvents.Event> workerLogEvents() throws IOException {
    List<WorkerLogEvents.Event> events = new ArrayList<>();
    ZoneId zone = WorkerLogEvents.workerZone();
    try (Stream<Path> files = Files.list(stack.workDir().resolve("logs"))) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().matches("connect(-\\d+)?\\.log")).toList()) {
        events.addAll(
            WorkerLogEvents.parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1), zone));
      }
    }
    return events;
  }

  private List<String> connectors() {
    List<String> all = new ArrayList<>(List.of(CDC, S3_SINK, REDSHIFT_SINK, MERGE));
    if (mode == ChaosMode.SCALE_OUT) {
      all.add(REDSHIFT_APPEND_SINK);
    }
    return all;
  }

  /** Records failed tasks (a failed task stays failed: the run will not pass) and their traces. */
  private void watchConnectors() {
    for (String connector : connectors()) {
      try {
        JsonNode status = stack.connectRest().status(connector);
        if (connector.equals(MERGE)) {
          mergeTasksSeen = Math.max(mergeTasksSeen, status.path("tasks").size());
        }
        messages.add(status.toString());
        if ("FAILED".equals(status.path("connector").path("state").asText())) {
          failedTasks.putIfAbsent(connector, status.path("connector").path("trace").asText());
        }
        for (JsonNode task : status.path("tasks")) {
          if ("FAILED".equals(task.path("state").asText())) {
            failedTasks.putIfAbsent(
                connector + "/" + task.path("id").asText(), task.path("trace").asText());
          }
        }
      } catch (ConnectRestException | IllegalStateException e) {
        // A worker restarting, or (scale-out) none running at this instant.
        messages.add(String.valueOf(e.getMessage()));
      }
    }
  }

  // ---- the proof ----

  private void verify() throws Exception {
    Set<Long> bad = new TreeSet<>(generator.badIds());
    List<String> userColumns =
        new ArrayList<>(List.of("id", "registration_date", "name", "code", "email"));
    userColumns.addAll(generator.extraColumns());
    String users = String.join(", ", userColumns);
    byte[] hmacKey = stack.secrets().get(HMAC_SECRET).getBytes(StandardCharsets.UTF_8);

    long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
    List<TableDiff.Result> diffs;
    while (true) {
      watchConnectors();
      if (mode == ChaosMode.SCALE_OUT) {
        sampleAssignments();
      }
      List<List<String>> mysqlUsers =
          mysqlRows("SELECT " + users + " FROM " + DATABASE + ".users ORDER BY id");
      List<List<String>> mysqlTransactions =
          mysqlRows(
              "SELECT "
                  + TRANSACTIONS_COLUMNS
                  + " FROM "
                  + DATABASE
                  + ".transactions ORDER BY transaction_id");
      // Redshift: without the rows made bad on purpose, email as HashFields' HMAC.
      List<List<String>> redshiftUsers =
          mysqlUsers.stream()
              .filter(r -> !bad.contains(Long.parseLong(r.get(0))))
              .map(r -> hashed(r, 4, hmacKey))
              .toList();
      diffs =
          List.of(
              TableDiff.compare(
                  "Redshift users",
                  redshiftUsers,
                  redshiftRows("SELECT " + users + " FROM " + REDSHIFT_USERS)),
              TableDiff.compare(
                  "Redshift transactions",
                  mysqlTransactions,
                  redshiftRows(
                      "SELECT " + TRANSACTIONS_COLUMNS + " FROM " + REDSHIFT_TRANSACTIONS)),
              TableDiff.compare(
                  "Iceberg users",
                  mysqlUsers,
                  icebergRows("SELECT " + users + " FROM iceberg." + LAKE_SCHEMA + ".users")),
              TableDiff.compare(
                  "Iceberg transactions",
                  mysqlTransactions,
                  icebergRows(
                      "SELECT "
                          + TRANSACTIONS_COLUMNS
                          + " FROM iceberg."
                          + LAKE_SCHEMA
                          + ".transactions")));
      if (diffs.stream().allMatch(TableDiff.Result::equal)
          || System.nanoTime() > deadline
          || (!failedTasks.isEmpty()
              && diffs.stream().filter(d -> !stuck(d.table())).allMatch(TableDiff.Result::equal))) {
        break;
      }
      log("draining: %s", diffs.stream().map(d -> d.describe(3)).collect(Collectors.joining("; ")));
      Thread.sleep(5000);
    }
    diffs.forEach(report::table);

    Map<String, List<ConsumerRecord<String, String>>> topics = readTopics();
    report.topics(topics.values().stream().mapToLong(List::size).sum());
    OffsetAudit.Result s3 = auditS3(topics);
    report.s3(s3);
    report.dlq(checkDlq(topics.get(USERS_TOPIC)), bad.size());
    if (mode == ChaosMode.SCALE_OUT) {
      report.append(REDSHIFT_APPEND, auditAppend(topics.get(TRANSACTIONS_TOPIC)));
    }
  }

  /**
   * The append-mode table against the transactions topic: every change event that is not a delete
   * (append mode writes inserts and updates only; Debezium's replays after a kill are events of
   * their own) is exactly one row, found by the row's {@code __partition} and {@code __offset}.
   * Retried until it holds or 2 minutes pass, as the last batches commit on the sink's schedule.
   */
  private OffsetAudit.Result auditAppend(List<ConsumerRecord<String, String>> records)
      throws InterruptedException {
    Set<Coordinates> expected = new TreeSet<>();
    for (ConsumerRecord<String, String> r : records) {
      if (r.value() != null && !"d".equals(ChangeEvent.parse(r).op())) {
        expected.add(new Coordinates(r.topic(), r.partition(), r.offset()));
      }
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      List<OffsetAudit.Landed> rows = new ArrayList<>();
      for (List<String> row :
          redshiftRows("SELECT __partition, __offset FROM " + REDSHIFT_APPEND)) {
        rows.add(
            new OffsetAudit.Landed(
                new Coordinates(
                    TRANSACTIONS_TOPIC, Integer.parseInt(row.get(0)), Long.parseLong(row.get(1))),
                REDSHIFT_APPEND));
      }
      OffsetAudit.Result result = OffsetAudit.check(expected, rows);
      if (result.exactlyOnce()
          || !result.duplicated().isEmpty()
          || !result.unexpected().isEmpty()
          || System.nanoTime() > deadline) {
        return result;
      }
      Thread.sleep(3000);
    }
  }

  /**
   * Whether a copy cannot catch up because a task that writes it FAILED (a failed task stays
   * failed): the other copies are still drained, so that their verdict means something.
   */
  private boolean stuck(String table) {
    List<String> writers =
        table.startsWith("Redshift") ? List.of(CDC, REDSHIFT_SINK) : List.of(CDC, S3_SINK, MERGE);
    return failedTasks.keySet().stream()
        .anyMatch(task -> writers.contains(task.contains("/") ? task.split("/")[0] : task));
  }

  /** Every record of both topics (every partition), up to their end offsets now. */
  private Map<String, List<ConsumerRecord<String, String>>> readTopics() {
    Map<String, List<ConsumerRecord<String, String>>> all = new LinkedHashMap<>();
    for (String topic : TOPICS) {
      Map<Integer, Long> ends = endOffsets(topic);
      try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), topic)) {
        all.put(topic, reader.readUntil(records -> readUpTo(records, ends), TIMEOUT));
      }
    }
    return all;
  }

  /** Whether {@code records} reach every partition's end offset (empty partitions need none). */
  static boolean readUpTo(List<ConsumerRecord<String, String>> records, Map<Integer, Long> ends) {
    Map<Integer, Long> last = new TreeMap<>();
    records.forEach(r -> last.merge(r.partition(), r.offset(), Math::max));
    return ends.entrySet().stream()
        .allMatch(e -> e.getValue() == 0 || last.getOrDefault(e.getKey(), -1L) >= e.getValue() - 1);
  }

  private Map<Integer, Long> endOffsets(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<Integer, Long> ends = new TreeMap<>();
      consumer.endOffsets(partitions).forEach((tp, end) -> ends.put(tp.partition(), end));
      return ends;
    }
  }

  /**
   * The landed Parquet objects read back through Trino's Hive landing tables (one row per landed
   * record: the object's path and the record's original offset), against every record of the topics
   * but the tombstones CdcUnwrap drops. Retried for a while, as the last files close on the sink's
   * schedule.
   */
  private OffsetAudit.Result auditS3(Map<String, List<ConsumerRecord<String, String>>> topics)
      throws InterruptedException {
    Set<Coordinates> expected = new TreeSet<>();
    topics.forEach(
        (topic, records) ->
            records.stream()
                .filter(r -> r.value() != null)
                .forEach(r -> expected.add(new Coordinates(topic, r.partition(), r.offset()))));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      List<OffsetAudit.Landed> landed = new ArrayList<>();
      for (String table : List.of("users", "transactions")) {
        String topic = TOPIC_PREFIX + "." + DATABASE + "." + table;
        List<List<String>> rows =
            LakeTables.query(
                stack.get(TrinoServer.class),
                "SELECT \"$path\", __offset FROM hive." + LAKE_SCHEMA + "." + table + "_landing");
        for (List<String> row : rows.subList(1, rows.size())) {
          Matcher partition = PARTITION.matcher(row.get(0));
          if (!partition.find()) {
            throw new IllegalStateException(
                "landed object " + row.get(0) + " is not under a partition=<n> folder");
          }
          landed.add(
              new OffsetAudit.Landed(
                  new Coordinates(
                      topic, Integer.parseInt(partition.group(1)), Long.parseLong(row.get(1))),
                  row.get(0)));
        }
      }
      OffsetAudit.Result result = OffsetAudit.check(expected, landed);
      report.landedObjects(
          landed.stream().map(OffsetAudit.Landed::object).distinct().count(), listObjects());
      if (result.exactlyOnce() || !result.duplicated().isEmpty() || System.nanoTime() > deadline) {
        return result;
      }
      Thread.sleep(3000);
    }
  }

  private long listObjects() {
    try (var s3 = stack.s3().client()) {
      return TOPICS.stream()
          .mapToLong(
              topic ->
                  s3
                      .listObjectsV2Paginator(
                          b -> b.bucket(S3Server.BUCKET).prefix("raw/" + topic + "/"))
                      .contents()
                      .stream()
                      .count())
          .sum();
    }
  }

  /**
   * The DLQ against the records made bad on purpose: the set of original offsets it holds must
   * equal the users topic's offsets whose row has a code longer than Redshift's column (a Debezium
   * replay puts one such row at two offsets: both are bad), each with a reason naming the column.
   * The DLQ itself is at-least-once: an offset twice is counted, not failed.
   */
  private ChaosReport.Dlq checkDlq(List<ConsumerRecord<String, String>> usersTopic) {
    Set<Coordinates> expected = new TreeSet<>();
    for (ConsumerRecord<String, String> record : usersTopic) {
      if (record.value() == null) {
        continue;
      }
      ChangeEvent event = ChangeEvent.parse(record);
      Object code = event.after() == null ? null : event.after().get("code");
      if (code != null
          && code.toString().getBytes(StandardCharsets.UTF_8).length
              > ChangeGenerator.REDSHIFT_CODE_BYTES) {
        expected.add(new Coordinates(record.topic(), record.partition(), record.offset()));
      }
    }
    Map<Coordinates, String> reasons = new TreeMap<>();
    int letters = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      TopicPartition tp = new TopicPartition(DLQ_TOPIC, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          letters++;
          String message = header(r, "__connect.errors.exception.message");
          messages.add(message + "\n" + header(r, "__connect.errors.exception.stacktrace"));
          reasons.put(
              new Coordinates(
                  header(r, "__connect.errors.topic"),
                  Integer.parseInt(header(r, "__connect.errors.partition")),
                  Long.parseLong(header(r, "__connect.errors.offset"))),
              message);
        }
      }
    }
    Set<Coordinates> missing = new TreeSet<>(expected);
    missing.removeAll(reasons.keySet());
    Set<Coordinates> unexpected = new TreeSet<>(reasons.keySet());
    unexpected.removeAll(expected);
    String needed = "too long for VARCHAR(" + ChangeGenerator.REDSHIFT_CODE_BYTES + ")";
    List<String> wrongReasons =
        reasons.entrySet().stream()
            .filter(e -> !(e.getValue().contains("column code") && e.getValue().contains(needed)))
            .map(e -> e.getKey() + ": " + e.getValue())
            .toList();
    return new ChaosReport.Dlq(
        expected.size(),
        letters,
        reasons.size(),
        missing,
        unexpected,
        wrongReasons,
        reasons.values().stream().findFirst().orElse(""));
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Every configured secret against the logs, task traces, validate answers and messages of this
   * run.
   */
  private void scanSecrets() throws IOException {
    Map<String, String> secrets = new TreeMap<>(stack.secrets().all());
    SecretScan scan = new SecretScan(secrets);
    try (Stream<Path> files = Files.walk(stack.workDir())) {
      for (Path file : files.filter(Files::isRegularFile).filter(ChaosRun::isLog).toList()) {
        scan.scan(
            stack.workDir().relativize(file).toString(),
            Files.readString(file, StandardCharsets.ISO_8859_1));
      }
    }
    watchConnectors();
    int i = 0;
    for (String message : messages) {
      scan.scan(
          "message " + (++i) + " (statuses, validate answers, exceptions, DLQ headers)", message);
    }
    report.secrets(scan);
  }

  private static boolean isLog(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".log") || name.matches(".*\\.log\\.\\d+") || name.endsWith(".out");
  }

  // ---- reading the copies as text cells, null as NULL ----

  private List<List<String>> mysqlRows(String sql) throws SQLException {
    try (Connection connection = stack.mysql().connection()) {
      return rows(connection, sql);
    }
  }

  private List<List<String>> redshiftRows(String sql) {
    try (Connection connection = stack.postgres().connection(Postgres.DATABASE)) {
      return rows(connection, sql);
    } catch (SQLException e) {
      return List.of();
    }
  }

  private List<List<String>> icebergRows(String sql) {
    try {
      List<List<String>> rows = LakeTables.query(stack.get(TrinoServer.class), sql);
      return rows.subList(1, rows.size());
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
    return SqlRows.text(connection, sql);
  }

  /** The row with cell {@code at} replaced by its HMAC-SHA256 in hex, as HashFields writes it. */
  private static List<String> hashed(List<String> row, int at, byte[] key) {
    if ("NULL".equals(row.get(at))) {
      return row;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      List<String> copy = new ArrayList<>(row);
      copy.set(
          at, HexFormat.of().formatHex(mac.doFinal(row.get(at).getBytes(StandardCharsets.UTF_8))));
      return copy;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void log(String format, Object... args) {
    out.printf("[chaos seed %d] %s%n", seed, String.format(format, args));
  }
}
