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
import java.util.ArrayList;
import java.util.Collection;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
  static final String HMAC_SECRET = "pii.hmac.key";
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final Duration S3_FAULT_WINDOW = Duration.ofSeconds(45);
  private static final String TRANSACTIONS_COLUMNS = "transaction_id, user_id, total_cost, dt";
  private static final Pattern PARTITION = Pattern.compile("/partition=(\\d+)/");

  private final long seed;
  private final Duration length;
  private final double changesPerSecond;
  private final Path workDir;
  private final PrintStream out;
  private final Random random;
  private final ChangeGenerator generator;
  private final List<ChaosSchedule.Event> schedule;
  private final ChaosReport report;

  /** Exception messages and task traces seen during the run, for the secrets scan. */
  private final Collection<String> messages = new ConcurrentLinkedQueue<>();

  private final Map<String, String> failedTasks = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private LocalStack stack;
  private FaultyProxy proxy;

  ChaosRun(
      long seed,
      Duration length,
      double changesPerSecond,
      int days,
      Path workDir,
      PrintStream out) {
    this.seed = seed;
    this.length = length;
    this.changesPerSecond = changesPerSecond;
    this.workDir = workDir;
    this.out = out;
    this.random = new Random(seed);
    this.generator = new ChangeGenerator(seed, ChangeGenerator.Mix.standard(), DATABASE, days);
    this.schedule = ChaosSchedule.plan(seed, length, ChaosSchedule.standardCounts());
    this.report = new ChaosReport(seed, length);
  }

  ChaosReport run() throws Exception {
    try (LocalStack started = startStack();
        FaultyProxy s3Proxy = new FaultyProxy(started.s3().port(), new Random(seed), 0, 0)) {
      stack = started;
      proxy = s3Proxy;
      log("stack started in %d s (work dir %s)", stack.startTime().toSeconds(), workDir);
      setUp();
      long begin = System.nanoTime();
      runChaos();
      report.ran(Duration.ofNanos(System.nanoTime() - begin));
      long drainBegin = System.nanoTime();
      verify();
      report.drained(Duration.ofNanos(System.nanoTime() - drainBegin));
      scanSecrets();
      report.failedTasks(failedTasks);
    }
    return report;
  }

  /**
   * The stack, started a second time when the first start times out: on a busy shared machine a
   * component can miss its start timeout, which says nothing about the plugins under test.
   */
  private LocalStack startStack() {
    try {
      return Tidemark.demoStack(workDir).build().start();
    } catch (RuntimeException e) {
      log(
          "the stack did not start (%s); trying once more",
          e.getMessage().lines().findFirst().orElse(""));
      return Tidemark.demoStack(workDir).build().start();
    }
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

    deploy(
        ConnectorConfig.load("local/debezium-mariadb.json").named(CDC),
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
            proxy.endpoint()));
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
            proxy.endpoint()));
    deploy(
        ConnectorConfig.load("local/athena-merge.json")
            .with(Map.of("aggregate.user_transactions.enabled", "false")),
        mergeValues());
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
            + IntStream.rangeClosed(1, ChaosSchedule.standardCounts().get(Action.ADD_COLUMN))
                .mapToObj(n -> "," + ChangeGenerator.EXTRA_COLUMN + n + ":bigint")
                .collect(Collectors.joining())
            + ",__deleted:boolean,__offset:bigint");
    return values;
  }

  private void deploy(ConnectorConfig template, Map<String, String> values) {
    ConnectorConfig rendered = stack.deploy(template, values, TIMEOUT);
    // The answer of the worker's validation of what was deployed goes to the secrets scan.
    Map<String, String> config = new LinkedHashMap<>(rendered.config());
    config.put("name", rendered.name());
    JsonNode validation = stack.connect().rest().validate(config.get("connector.class"), config);
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
    Thread chaos = thread("chaos-faults", () -> faults(begin, faults), errors);
    changes.start();
    chaos.start();
    long end = begin + length.toNanos();
    // On a busy machine a restart can take a minute: the run lasts until every fault has happened.
    while ((System.nanoTime() < end || chaos.isAlive()) && errors.isEmpty()) {
      Thread.sleep(5000);
      watchConnectors();
      log(
          "%3.0f s: %d changes, %d worker kills, %d broker restarts",
          (System.nanoTime() - begin) / 1e9,
          report.changes(),
          report.count(Action.KILL_WORKER),
          report.count(Action.RESTART_BROKER));
    }
    stop.set(true);
    changes.join();
    chaos.join();
    proxy.faults(0, 0, 0);
    stack.get(RedshiftDataApiComponent.class).faults().reset();
    stack.get(AthenaComponent.class).faults().reset();
    report.proxy(proxy.requests(), proxy.errors(), proxy.resets(), proxy.stalls());
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

  /** Records failed tasks (a failed task stays failed: the run will not pass) and their traces. */
  private void watchConnectors() {
    for (String connector : List.of(CDC, S3_SINK, REDSHIFT_SINK, MERGE)) {
      try {
        JsonNode status = stack.connect().rest().status(connector);
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
      } catch (ConnectRestException e) {
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
          || !failedTasks.isEmpty()) {
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
  }

  /** Every record of both topics, up to their end offsets now. */
  private Map<String, List<ConsumerRecord<String, String>>> readTopics() {
    Map<String, List<ConsumerRecord<String, String>>> all = new LinkedHashMap<>();
    for (String topic : TOPICS) {
      long end = endOffset(topic);
      try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), topic)) {
        all.put(
            topic,
            reader.readUntil(
                records ->
                    !records.isEmpty() && records.get(records.size() - 1).offset() >= end - 1,
                TIMEOUT));
      }
    }
    return all;
  }

  private long endOffset(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      TopicPartition tp = new TopicPartition(topic, 0);
      return consumer.endOffsets(List.of(tp)).get(tp);
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
