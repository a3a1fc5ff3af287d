package io.tidemark.stack.cli;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.StackException;
import io.tidemark.stack.athena.LakeTables;
import io.tidemark.stack.component.TrinoServer;
import io.tidemark.stack.kit.ChangeEvent;
import io.tidemark.stack.kit.TopicReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@code ./tidemark demo}: the demo tables flow from MariaDB through Debezium into Kafka (every
 * change event printed as it lands), then through each {@link DemoStage} (S3, Redshift through the
 * Data API, Iceberg via the Athena MERGE companion); a progress line per stage follows every step
 * of the stream. At the end the rows rebuilt from the Kafka events are compared with MySQL, each
 * stage runs its own check, and a side-by-side table compares every stage's copy of the tables,
 * including the Iceberg {@code user_transactions}, with MySQL's recomputation. Any mismatch: exit
 * code 1.
 */
public final class Demo {
  private static final String TOPIC_PREFIX = DemoContext.TOPIC_PREFIX;
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration PAUSE = Duration.ofMillis(1500);

  private final PrintStream out;

  public Demo(PrintStream out) {
    this.out = out;
  }

  /** The stages after Kafka, in pipeline order. A new stage is one more entry here. */
  static List<DemoStage> stages() {
    return List.of(new LakeStage(), new RedshiftStage(), new IcebergStage());
  }

  /**
   * Runs the demo on a started stack that includes Trino and the Athena stand-in ({@link
   * Tidemark#demoStack}); 0 when every check passed, 1 otherwise.
   */
  public int run(LocalStack stack, boolean keepRunning) {
    DemoScenario scenario = new DemoScenario(LocalDate.now(ZoneOffset.UTC));
    List<DemoStage> stages = stages();
    try (TopicReader users = new TopicReader(stack.kafka().bootstrapServers(), topic("users"));
        TopicReader transactions =
            new TopicReader(stack.kafka().bootstrapServers(), topic("transactions"))) {
      DemoContext demo =
          new DemoContext(
              stack,
              out,
              scenario,
              STEP_TIMEOUT,
              () -> {
                Map<String, List<ConsumerRecord<String, String>>> events = new LinkedHashMap<>();
                events.put(topic("users"), users.records());
                events.put(topic("transactions"), transactions.records());
                return events;
              });
      try {
        return run(demo, stages, users, transactions, keepRunning);
      } finally {
        stages.forEach(DemoStage::close);
      }
    }
  }

  private int run(
      DemoContext demo,
      List<DemoStage> stages,
      TopicReader users,
      TopicReader transactions,
      boolean keepRunning) {
    LocalStack stack = demo.stack();
    DemoScenario scenario = demo.scenario();
    long begin = System.nanoTime();
    deploy(demo, stages);

    out.println();
    out.println("Initial load (Debezium snapshot):");
    int[] expected = scenario.snapshotEvents();
    awaitAndPrint(users, transactions, expected[0], expected[1]);
    printProgress(demo, stages);
    int step = 0;
    for (DemoScenario.Step change : scenario.stream()) {
      sleep(PAUSE);
      out.println();
      out.printf("Step %d: %s%n", ++step, change.description());
      change.sql().forEach(sql -> out.println("  mysql> " + sql));
      long committed = System.nanoTime();
      stack.mysql().execute(change.sql().toArray(String[]::new));
      expected[0] += change.userEvents();
      expected[1] += change.transactionEvents();
      awaitAndPrint(users, transactions, expected[0], expected[1]);
      out.printf("  (in Kafka %.1f s after the commit)%n", (System.nanoTime() - committed) / 1e9);
      printProgress(demo, stages);
    }
    out.println();
    boolean agrees = printSummary(stack, users.records(), transactions.records());
    for (DemoStage stage : stages) {
      out.println();
      out.println(
          "[" + stage.name() + "] waiting until it has caught up with MySQL, then checking it ...");
      boolean ok = stage.awaitAndCheck(demo);
      out.println(
          ok ? "[" + stage.name() + "] check passed." : "[" + stage.name() + "] check FAILED.");
      agrees &= ok;
    }
    out.println();
    out.println("Inspect:");
    out.println(
        "  [Kafka] topics "
            + topic("users")
            + ", "
            + topic("transactions")
            + ", "
            + LakeStage.COMMITS_TOPIC
            + " at "
            + stack.kafka().bootstrapServers()
            + "; connectors at "
            + stack.connect().restUrl()
            + "/connectors?expand=status"
            + " (or ./tidemark status --work-dir "
            + stack.workDir()
            + ")");
    for (DemoStage stage : stages) {
      stage.inspect(demo).forEach(line -> out.println("  [" + stage.name() + "] " + line));
    }
    out.println(
        "  logs in "
            + stack.workDir().resolve("logs")
            + "; endpoints and keys in "
            + stack.endpointsFile());
    agrees &= finalCheck(demo, stages);
    out.printf(
        "Demo %s in %.0f s.%n", agrees ? "passed" : "FAILED", (System.nanoTime() - begin) / 1e9);
    if (keepRunning) {
      out.println("The stack keeps running (--keep-running); press Ctrl-C to stop it.");
      sleep(Duration.ofDays(365));
    }
    return agrees ? 0 : 1;
  }

  /**
   * Creates the demo tables with their seed rows, deploys Debezium and then each stage with the
   * demo's settings; prints what it deploys. Returns the connectors deployed, in pipeline order.
   */
  static List<ConnectorConfig> deploy(DemoContext demo, List<DemoStage> stages) {
    LocalStack stack = demo.stack();
    DemoScenario scenario = demo.scenario();
    demo.out().println();
    demo.out()
        .println(
            "[MySQL] creating myschema.users and myschema.transactions with the seed rows (today is "
                + scenario.today()
                + ") at "
                + stack.mysql().jdbcUrl(DemoScenario.DATABASE));
    stack.mysql().execute(scenario.schema().toArray(String[]::new));

    demo.out()
        .println("[Kafka] deploying Debezium with connect-configs/local/debezium-mariadb.json ...");
    List<ConnectorConfig> deployed = new ArrayList<>();
    ConnectorConfig debezium =
        stack.deploy(
            ConnectorConfig.load("local/debezium-mariadb.json"),
            Map.of("TOPIC_PREFIX", TOPIC_PREFIX),
            demo.timeout());
    deployed.add(debezium);
    demo.out()
        .println(
            "  [Kafka] connector '"
                + debezium.name()
                + "' streams the binlog into "
                + topic("users")
                + " and "
                + topic("transactions")
                + " at "
                + stack.kafka().bootstrapServers());
    for (DemoStage stage : stages) {
      demo.out().println("[" + stage.name() + "] deploying ...");
      deployed.addAll(stage.deploy(demo));
    }
    return deployed;
  }

  /**
   * The final check on its own, for a stack the demo already ran on: the Iceberg {@code
   * user_transactions}, then every stage's copy side by side with MySQL. True when all agree.
   */
  public boolean check(LocalStack stack) {
    DemoContext demo =
        new DemoContext(
            stack, out, new DemoScenario(LocalDate.now(ZoneOffset.UTC)), STEP_TIMEOUT, Map::of);
    return finalCheck(demo, stages());
  }

  private boolean finalCheck(DemoContext demo, List<DemoStage> stages) {
    out.println();
    out.println(
        "Iceberg "
            + IcebergStage.SCHEMA
            + ".user_transactions (revenue per day and user, kept current by the Athena MERGE"
            + " companion):");
    out.print(
        LakeTables.format(
                LakeTables.userTransactions(
                    demo.stack().get(TrinoServer.class), IcebergStage.SCHEMA))
            .indent(2));
    Map<String, Map<String, List<String>>> copies = new LinkedHashMap<>();
    for (DemoStage stage : stages) {
      Map<String, List<String>> tables = stage.tables(demo);
      if (!tables.isEmpty()) {
        copies.put(stage.name(), tables);
      }
    }
    SideBySide table = new SideBySide(MysqlTables.read(demo.stack().mysql()), copies);
    out.println();
    out.println(
        "Final check: every copy against MySQL (user_transactions recomputed on MySQL from its tables):");
    out.print(table.render());
    boolean agrees = table.agrees();
    out.println(
        agrees
            ? "Final check passed: MySQL = " + String.join(" = ", copies.keySet()) + "."
            : "Final check FAILED: see the differences above.");
    return agrees;
  }

  private void printProgress(DemoContext demo, List<DemoStage> stages) {
    for (DemoStage stage : stages) {
      out.println("  [" + stage.name() + "] " + stage.progress(demo));
    }
  }

  private void awaitAndPrint(
      TopicReader users, TopicReader transactions, int userEvents, int transactionEvents) {
    users.readUntil(r -> r.size() >= userEvents, STEP_TIMEOUT, r -> print("users", r));
    transactions.readUntil(
        r -> r.size() >= transactionEvents, STEP_TIMEOUT, r -> print("transactions", r));
  }

  private void print(String table, ConsumerRecord<String, String> record) {
    ChangeEvent event = ChangeEvent.parse(record);
    if (event.isTombstone()) {
      out.printf("  %-13s %-9s key %s%n", table, "tombstone", format(event.key()));
      return;
    }
    String what =
        switch (event.op()) {
          case "r" -> "read";
          case "c" -> "insert";
          case "u" -> "update";
          case "d" -> "delete";
          default -> event.op();
        };
    String change =
        event.op().equals("u")
            ? format(event.before()) + " -> " + format(event.after())
            : format(event.row());
    out.printf(
        "  %-13s %-9s %s  (binlog %s:%s)%n",
        table, what, change, event.source().get("file"), event.source().get("pos"));
  }

  /** Rebuilds each table from its events and compares it with MySQL; prints both. */
  private boolean printSummary(
      LocalStack stack,
      List<ConsumerRecord<String, String>> userRecords,
      List<ConsumerRecord<String, String>> transactionRecords) {
    out.println("What landed in Kafka:");
    boolean agrees = true;
    Map<String, List<ConsumerRecord<String, String>>> byTable = new LinkedHashMap<>();
    byTable.put("users", userRecords);
    byTable.put("transactions", transactionRecords);
    for (Map.Entry<String, List<ConsumerRecord<String, String>>> table : byTable.entrySet()) {
      List<ChangeEvent> events = table.getValue().stream().map(ChangeEvent::parse).toList();
      Map<String, Long> counts =
          events.stream()
              .collect(
                  Collectors.groupingBy(
                      e -> e.isTombstone() ? "tombstone" : e.op(),
                      TreeMap::new,
                      Collectors.counting()));
      Map<String, Map<String, Object>> rebuilt = rebuild(events);
      Map<String, Map<String, Object>> mysql = mysqlRows(stack, table.getKey());
      boolean same = rebuilt.equals(mysql);
      agrees &= same;
      out.printf("  %-32s %d events %s%n", topic(table.getKey()), events.size(), counts);
      out.printf(
          "  %-32s %d rows rebuilt from the events, %d rows in MySQL: %s%n",
          "", rebuilt.size(), mysql.size(), same ? "they agree" : "THEY DIFFER");
      if (!same) {
        out.println("    from events: " + rebuilt.values());
        out.println("    in MySQL:    " + mysql.values());
      }
    }
    out.println(
        agrees ? "Demo check passed: Kafka holds every change, in order." : "Demo check FAILED.");
    return agrees;
  }

  private static Map<String, Map<String, Object>> rebuild(List<ChangeEvent> events) {
    Map<String, Map<String, Object>> rows = new TreeMap<>();
    for (ChangeEvent event : events) {
      if (event.isTombstone()) {
        continue;
      }
      String key = event.key().toString();
      if (event.op().equals("d")) {
        rows.remove(key);
      } else {
        rows.put(key, event.after());
      }
    }
    return rows;
  }

  private static Map<String, Map<String, Object>> mysqlRows(LocalStack stack, String table) {
    Map<String, Map<String, Object>> rows = new TreeMap<>();
    try (Connection connection = stack.mysql().connection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT * FROM " + DemoScenario.DATABASE + "." + table)) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), normalize(result.getObject(i)));
        }
        String keyColumn = meta.getColumnLabel(1);
        rows.put(Map.of(keyColumn, row.get(keyColumn)).toString(), row);
      }
    } catch (SQLException e) {
      throw new StackException(
          "demo", "could not read " + table + " from MySQL: " + e.getMessage(), e);
    }
    return rows;
  }

  private static Object normalize(Object value) {
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal;
    }
    return value;
  }

  private static String format(Map<String, Object> row) {
    if (row == null) {
      return "null";
    }
    return row.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" ", "{", "}"));
  }

  private static String topic(String table) {
    return TOPIC_PREFIX + "." + DemoScenario.DATABASE + "." + table;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
