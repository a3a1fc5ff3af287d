package io.tidemark.e2e.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.kit.DebeziumOffsets;
import io.tidemark.stack.kit.FidelityMatrix.Column;
import io.tidemark.stack.kit.FidelityMatrix.Repr;
import io.tidemark.stack.kit.FidelityMatrix.Sink;
import io.tidemark.stack.redshift.LongIdentifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs columns of the {@code FidelityMatrix} through the real pipeline on a local stack: MariaDB ->
 * Debezium (the shipped {@code local/debezium-mariadb.json}) -> the S3 sink in each format and the
 * Redshift sink (the shipped {@code local/s3-sink.json} and {@code local/redshift-sink.json},
 * rendered as users render them) -> read back and compared with MariaDB's own values.
 *
 * <p>Per column a table {@code (id INT PRIMARY KEY, v <type>)}; per value {@code i} three rows:
 * {@code i+1} inserted before Debezium starts (a snapshot read), {@code 1001+i} inserted while it
 * streams and then updated (to the next value, or the value's own update literal), {@code 2001+i}
 * inserted and deleted. After each step the harness reads the database's own text of every row
 * ({@link Column#truthSql()}); S3 must hold every event with the value of its moment (a delete with
 * the deleted row's value), Redshift the final rows. Each side goes through the column's decoders;
 * nothing here knows an expected value.
 */
final class FidelityHarness {
  static final Duration DEPLOY = Duration.ofSeconds(180);

  /** What to run. {@code longName}: the column whose table gets a 64-character name. */
  record Options(
      String run,
      int serverId,
      List<Column> columns,
      Set<Sink> sinks,
      String longName,
      String errorsTolerance,
      Duration drain) {}

  /** One cell in one sink: passed, or what differed. */
  record Result(Column column, int value, Sink sink, String problem) {
    boolean passed() {
      return problem == null;
    }

    String cell() {
      return column.id() + "[" + value + "] " + column.values().get(value).insert();
    }
  }

  private final LocalStack stack;
  private final Options o;
  private final String db;
  private final Map<Column, String> tables = new LinkedHashMap<>();

  /** Per column, per row id, the database's values over time (events for S3). */
  private final Map<Column, Map<Integer, List<Event>>> expected = new LinkedHashMap<>();

  private final Map<Sink, String> failures = new EnumMap<>(Sink.class);

  record Event(String op, String value) {}

  FidelityHarness(LocalStack stack, Options options) {
    this.stack = stack;
    this.o = options;
    this.db = "fid_" + options.run();
    for (Column c : options.columns()) {
      String name = "t_" + c.id();
      if (c.id().equals(options.longName())) {
        name = (name + "_" + "x".repeat(64)).substring(0, 64);
      }
      tables.put(c, name);
    }
  }

  String db() {
    return db;
  }

  String table(Column c) {
    return tables.get(c);
  }

  String topic(Column c) {
    return prefix() + "." + db + "." + tables.get(c);
  }

  String prefix() {
    return "fid" + o.run();
  }

  Map<Sink, String> failures() {
    return failures;
  }

  String connector(Sink sink) {
    return "fid-" + o.run() + "-" + sink.name().toLowerCase().replace('_', '-');
  }

  /** Creates, loads and changes the tables, deploys the pipeline and compares. */
  List<Result> run() throws Exception {
    try (Connection mysql = mysql()) {
      exec(mysql, "CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
      for (Column c : o.columns()) {
        exec(
            mysql,
            "CREATE TABLE "
                + qualified(c)
                + " (id INT NOT NULL PRIMARY KEY, v "
                + c.ddl()
                + ") DEFAULT CHARSET=utf8mb4");
        for (int i = 0; i < c.values().size(); i++) {
          insert(mysql, c, i + 1, c.values().get(i).insert());
        }
        expected.put(c, new TreeMap<>());
        truth(mysql, c).forEach((id, v) -> events(c, id).add(new Event("r", v)));
      }
    }
    String source = "fid-" + o.run() + "-cdc";
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json").named(source),
        Map.of(
            "TOPIC_PREFIX",
            prefix(),
            "MYSQL_DATABASES",
            db,
            "MYSQL_SERVER_ID",
            Integer.toString(o.serverId())),
        DEPLOY);
    // Streamed changes must come after the snapshot's position, or they are snapshot reads.
    DebeziumOffsets.awaitStreaming(stack.connectRest(), source, DEPLOY);
    deploySinks();
    try (Connection mysql = mysql()) {
      for (Column c : o.columns()) {
        for (int i = 0; i < c.values().size(); i++) {
          insert(mysql, c, 1001 + i, c.values().get(i).insert());
          insert(mysql, c, 2001 + i, c.values().get(i).insert());
        }
        Map<Integer, String> inserted = truth(mysql, c);
        for (int i = 0; i < c.values().size(); i++) {
          events(c, 1001 + i).add(new Event("c", inserted.get(1001 + i)));
          events(c, 2001 + i).add(new Event("c", inserted.get(2001 + i)));
          exec(
              mysql,
              "UPDATE " + qualified(c) + " SET v = " + c.updateOf(i) + " WHERE id = " + (1001 + i));
          exec(mysql, "DELETE FROM " + qualified(c) + " WHERE id = " + (2001 + i));
          events(c, 2001 + i).add(new Event("d", inserted.get(2001 + i)));
        }
        truth(mysql, c)
            .forEach(
                (id, v) -> {
                  // An UPDATE to the same value changes no row: MariaDB logs no event.
                  if (id > 1000 && id < 2000 && !Objects.equals(v, inserted.get(id))) {
                    events(c, id).add(new Event("u", v));
                  }
                });
      }
    }
    return compare();
  }

  /**
   * Widens column {@code c} in MariaDB while everything runs ({@code ALTER TABLE ... MODIFY v
   * widerDdl}), inserts row {@code id} with a value only the wider column holds, and returns, per
   * sink, whether that value arrived equal to MariaDB's own (null: equal; else what differs), once
   * every sink has it or {@link Options#drain} has passed.
   */
  Map<Sink, String> widenAndInsert(Column c, String widerDdl, int id, String literal)
      throws Exception {
    String truth;
    try (Connection mysql = mysql()) {
      exec(mysql, "ALTER TABLE " + qualified(c) + " MODIFY v " + widerDdl);
      insert(mysql, c, id, literal);
      truth = truth(mysql, c).get(id);
    }
    Map<Sink, String> out = new EnumMap<>(Sink.class);
    long deadline = System.nanoTime() + o.drain().toNanos();
    for (Sink sink : o.sinks()) {
      String problem = "row " + id + " never arrived";
      while (System.nanoTime() < deadline && !failed(sink)) {
        List<Event> got =
            (sink == Sink.REDSHIFT ? redshift() : s3(sink))
                .getOrDefault(c, Map.of())
                .getOrDefault(id, List.of());
        if (!got.isEmpty()) {
          String value = got.get(got.size() - 1).value();
          problem = Objects.equals(value, truth) ? null : "MariaDB " + truth + ", sink " + value;
          break;
        }
        Thread.sleep(1000);
      }
      if (failures.containsKey(sink)) {
        problem = "task FAILED: " + failures.get(sink);
      }
      out.put(sink, problem);
    }
    return out;
  }

  /** The stand-in's (PostgreSQL's) name of {@code c}'s Redshift table. */
  private String redshiftTable(Column c) {
    return LongIdentifiers.toPostgres(topic(c).replace('.', '_').toLowerCase());
  }

  /**
   * The size in bytes of column {@code v} of {@code c}'s Redshift table (the stand-in's catalog).
   */
  int redshiftColumnBytes(Column c) throws SQLException {
    String table = redshiftTable(c);
    try (Connection pg = stack.postgres().connection("dev");
        Statement st = pg.createStatement();
        ResultSet r =
            st.executeQuery(
                "SELECT character_maximum_length FROM information_schema.columns"
                    + " WHERE table_schema = '"
                    + schema()
                    + "' AND table_name = '"
                    + table
                    + "' AND column_name = 'v'")) {
      return r.next() ? r.getInt(1) : -1;
    }
  }

  private List<Event> events(Column c, int id) {
    return expected.get(c).computeIfAbsent(id, k -> new ArrayList<>());
  }

  private void deploySinks() throws Exception {
    String topics = o.columns().stream().map(this::topic).collect(Collectors.joining(","));
    for (Sink sink : o.sinks()) {
      if (sink == Sink.REDSHIFT) {
        stack.postgres().execute("dev", "CREATE SCHEMA IF NOT EXISTS " + schema());
        stack.deploy(
            ConnectorConfig.load("local/redshift-sink.json"),
            Map.of(
                "CONNECTOR_NAME",
                connector(sink),
                "TOPICS",
                topics,
                "REDSHIFT_SCHEMA",
                schema(),
                "REDSHIFT_COPY_MIN_ROWS",
                "1",
                "ERRORS_TOLERANCE",
                o.errorsTolerance(),
                "DLQ_TOPIC",
                "all".equals(o.errorsTolerance()) ? "fid." + o.run() + ".dlq" : ""),
            DEPLOY);
      } else {
        stack.deploy(
            ConnectorConfig.load("local/s3-sink.json"),
            Map.of(
                "CONNECTOR_NAME",
                connector(sink),
                "TOPICS",
                topics,
                "S3_PREFIX",
                s3Prefix(sink),
                "FORMAT",
                sink.name().substring(3),
                "COMPRESSION",
                "NONE",
                "ROTATE_SCHEDULE_MS",
                "2000",
                "COMMIT_EVENTS_TOPIC",
                "fid." + o.run() + ".commits",
                "ERRORS_TOLERANCE",
                o.errorsTolerance()),
            DEPLOY);
      }
    }
  }

  String schema() {
    return "fid_" + o.run();
  }

  private String s3Prefix(Sink sink) {
    return "fid-" + o.run() + "/" + sink.name().substring(3).toLowerCase();
  }

  // --- reading back and comparing

  private List<Result> compare() throws Exception {
    Map<Sink, Map<Column, Map<Integer, List<Event>>>> got = new EnumMap<>(Sink.class);
    long deadline = System.nanoTime() + o.drain().toNanos();
    for (Sink sink : o.sinks()) {
      while (true) {
        Map<Column, Map<Integer, List<Event>>> landed =
            sink == Sink.REDSHIFT ? redshift() : s3(sink);
        got.put(sink, landed);
        if (complete(sink, landed) || failed(sink) || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(1000);
      }
    }
    List<Result> results = new ArrayList<>();
    for (Column c : o.columns()) {
      for (int i = 0; i < c.values().size(); i++) {
        for (Sink sink : o.sinks()) {
          results.add(new Result(c, i, sink, problem(c, i, sink, got.get(sink).get(c))));
        }
      }
    }
    return results;
  }

  /** The rows of value {@code i} and what each sink must hold of them. */
  private Map<Integer, List<Event>> want(Column c, int i, Sink sink) {
    Map<Integer, List<Event>> out = new TreeMap<>();
    for (int id : new int[] {i + 1, 1001 + i, 2001 + i}) {
      List<Event> events = expected.get(c).get(id);
      if (sink == Sink.REDSHIFT) {
        Event last = events.get(events.size() - 1);
        out.put(id, last.op().equals("d") ? List.of() : List.of(new Event("", last.value())));
      } else {
        out.put(id, events);
      }
    }
    return out;
  }

  private String problem(Column c, int i, Sink sink, Map<Integer, List<Event>> landed) {
    Map<Integer, List<Event>> want = want(c, i, sink);
    Map<Integer, List<Event>> decoded = new TreeMap<>();
    for (int id : want.keySet()) {
      List<Event> truth = new ArrayList<>();
      for (Event e : want.get(id)) {
        truth.add(new Event(e.op(), c.truth().decode(e.value())));
      }
      want.put(id, truth);
      decoded.put(id, landed == null ? List.of() : landed.getOrDefault(id, List.of()));
    }
    if (want.equals(decoded)) {
      return null;
    }
    StringBuilder why = new StringBuilder();
    for (int id : want.keySet()) {
      if (!Objects.equals(want.get(id), decoded.get(id))) {
        why.append("id ")
            .append(id)
            .append(": MariaDB ")
            .append(want.get(id))
            .append(", ")
            .append(sink.label())
            .append(' ')
            .append(decoded.get(id))
            .append("; ");
      }
    }
    if (failures.containsKey(sink)) {
      why.append("(the sink FAILED)");
    }
    return why.toString();
  }

  private boolean complete(Sink sink, Map<Column, Map<Integer, List<Event>>> landed) {
    for (Column c : o.columns()) {
      for (int i = 0; i < c.values().size(); i++) {
        Map<Integer, List<Event>> want = want(c, i, sink);
        Map<Integer, List<Event>> have = landed.getOrDefault(c, Map.of());
        for (var e : want.entrySet()) {
          int size = have.getOrDefault(e.getKey(), List.of()).size();
          if (size < e.getValue().size()) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private boolean failed(Sink sink) {
    JsonNode status = stack.connectRest().status(connector(sink));
    for (JsonNode task : status.path("tasks")) {
      if ("FAILED".equals(task.path("state").asText())) {
        failures.put(sink, cause(task.path("trace").asText()));
        return true;
      }
    }
    return false;
  }

  /** The first line of a task's trace and its deepest {@code Caused by:}. */
  static String cause(String trace) {
    List<String> lines = trace.lines().toList();
    String first = lines.isEmpty() ? "" : lines.get(0);
    String deepest =
        lines.stream().filter(l -> l.startsWith("Caused by:")).reduce((a, b) -> b).orElse("");
    return deepest.isEmpty() ? first : first + " ... " + deepest;
  }

  /** Per column, per id, the decoded events in offset order (replays removed). */
  private Map<Column, Map<Integer, List<Event>>> s3(Sink sink) throws Exception {
    Map<Column, Map<Integer, List<Event>>> out = new HashMap<>();
    try (S3Client s3 = stack.s3().client()) {
      for (Column c : o.columns()) {
        TreeMap<Long, Map<String, Object>> byOffset = new TreeMap<>();
        String prefix = s3Prefix(sink) + "/" + topic(c) + "/";
        for (S3Object object :
            s3.listObjectsV2Paginator(r -> r.bucket(S3Server.BUCKET).prefix(prefix)).contents()) {
          byte[] bytes;
          try {
            bytes =
                s3.getObjectAsBytes(r -> r.bucket(S3Server.BUCKET).key(object.key())).asByteArray();
          } catch (NoSuchKeyException gone) {
            // Listed, then removed (a recovered task deleting an incomplete object): whatever it
            // held must arrive in another object, which the next poll reads.
            System.err.println("fidelity: listed object gone: " + object.key());
            continue;
          }
          for (Map<String, Object> row : LandedRows.read(sink, bytes)) {
            byOffset.put(Long.parseLong(text(row.get("__offset"))), row);
          }
        }
        Map<Integer, List<Event>> rows = new TreeMap<>();
        Repr repr = c.repr(sink);
        for (Map<String, Object> row : byOffset.values()) {
          int id = Integer.parseInt(text(row.get("id")));
          rows.computeIfAbsent(id, k -> new ArrayList<>())
              .add(new Event(text(row.get("__op")), decode(repr, row.get("v"))));
        }
        out.put(c, rows);
      }
    }
    return out;
  }

  private Map<Column, Map<Integer, List<Event>>> redshift() throws SQLException {
    Map<Column, Map<Integer, List<Event>>> out = new HashMap<>();
    try (Connection pg = stack.postgres().connection("dev");
        Statement st = pg.createStatement()) {
      st.execute("SET TIME ZONE 'UTC'");
      for (Column c : o.columns()) {
        String table = redshiftTable(c);
        Map<Integer, List<Event>> rows = new TreeMap<>();
        try (ResultSet r =
            st.executeQuery("SELECT id, v::text FROM " + schema() + ".\"" + table + "\"")) {
          while (r.next()) {
            rows.put(
                r.getInt(1), List.of(new Event("", decode(c.repr(Sink.REDSHIFT), r.getString(2)))));
          }
        } catch (SQLException e) {
          if (!"42P01".equals(e.getSQLState())) { // not created yet
            throw e;
          }
        }
        out.put(c, rows);
      }
    }
    return out;
  }

  private static String decode(Repr repr, Object value) {
    try {
      return repr.decode(value);
    } catch (RuntimeException e) {
      return "<not " + repr.name() + ": " + value + " (" + e.getMessage() + ")>";
    }
  }

  private static String text(Object v) {
    if (v instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    }
    return String.valueOf(v);
  }

  // --- MariaDB

  private Connection mysql() throws SQLException {
    Connection c = stack.mysql().connection();
    exec(c, "SET time_zone = '+00:00'");
    return c;
  }

  private String qualified(Column c) {
    return db + ".`" + tables.get(c) + "`";
  }

  private void insert(Connection mysql, Column c, int id, String literal) throws SQLException {
    exec(mysql, "INSERT INTO " + qualified(c) + " (id, v) VALUES (" + id + ", " + literal + ")");
  }

  private Map<Integer, String> truth(Connection mysql, Column c) throws SQLException {
    Map<Integer, String> out = new TreeMap<>();
    try (Statement st = mysql.createStatement();
        ResultSet r = st.executeQuery("SELECT id, " + c.truthSql() + " FROM " + qualified(c))) {
      while (r.next()) {
        out.put(r.getInt(1), r.getString(2));
      }
    }
    return out;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new SQLException(sql + ": " + e.getMessage(), e.getSQLState(), e);
    }
  }

  /** A markdown table of the results: per column and value, per sink, pass or the problem. */
  static String table(List<Result> results, Set<Sink> sinks) {
    StringBuilder out = new StringBuilder("| cell |");
    sinks.forEach(s -> out.append(' ').append(s.label()).append(" |"));
    out.append("\n|---|").append("---|".repeat(sinks.size())).append('\n');
    Map<String, Map<Sink, Result>> byCell = new LinkedHashMap<>();
    for (Result r : results) {
      byCell.computeIfAbsent(r.cell(), k -> new EnumMap<>(Sink.class)).put(r.sink(), r);
    }
    byCell.forEach(
        (cell, bySink) -> {
          out.append("| `").append(cell.replace("|", "\\|")).append("` |");
          for (Sink s : sinks) {
            Result r = bySink.get(s);
            out.append(' ').append(r.passed() ? "equal" : "**DIFFERENT**").append(" |");
          }
          out.append('\n');
        });
    return out.toString();
  }
}
