package io.tidemark.stack.redshift;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs submitted statements asynchronously on PostgreSQL: each statement (or batch, as one
 * transaction) in a session of its own ({@link SessionPool}: a new connection, or a kept one reset
 * to a new session's state), after the {@link RedshiftSqlRules} checks and the {@link
 * RedshiftRewriter} rewrites, with COPY emulated by {@link CopyLoader}.
 */
public final class StatementEngine implements AutoCloseable {
  /** COPY statements that loaded (rolled back or not): lets tests see which load path ran. */
  private final java.util.concurrent.atomic.AtomicLong copies =
      new java.util.concurrent.atomic.AtomicLong();

  long copyStatements() {
    return copies.get();
  }

  private static final Logger LOG = LoggerFactory.getLogger(StatementEngine.class);

  /** Rows kept per result set; Redshift's limit is 100 MB, ours is simply a row count. */
  static final int MAX_RESULT_ROWS = 100_000;

  /** Opens a connection to a database. */
  @FunctionalInterface
  public interface Connections {
    Connection open(String database) throws SQLException;
  }

  private final Connections connections;
  private final SessionPool sessions;
  private final CopyLoader copyLoader;
  private final RedshiftFaults faults;
  private final ExecutorService executor;
  private volatile RedshiftIsolation isolation = RedshiftIsolation.SNAPSHOT;

  /** The isolation of the statements started from now on. */
  void isolation(RedshiftIsolation isolation) {
    this.isolation = java.util.Objects.requireNonNull(isolation, "isolation");
  }

  RedshiftIsolation isolation() {
    return isolation;
  }

  public StatementEngine(
      Connections connections, CopyLoader copyLoader, RedshiftFaults faults, int threads) {
    this.connections = connections;
    this.sessions = new SessionPool(connections, threads);
    this.copyLoader = copyLoader;
    this.faults = faults;
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "tidemark-redshift-statement");
              t.setDaemon(true);
              return t;
            });
  }

  public void submit(DataApiStatement statement) {
    executor.submit(() -> run(statement));
  }

  /** PostgreSQL connections opened, and sessions reused, for statements so far. */
  long connectionsOpened() {
    return sessions.opened();
  }

  long sessionsReused() {
    return sessions.reused();
  }

  void run(DataApiStatement statement) {
    if (!statement.markPicked()) {
      return;
    }
    SessionPool.Session session = null;
    boolean reusable = false;
    try {
      session = sessions.take(statement.target().database());
      Connection connection = session.connection();
      statement.markStarted(session.pid());
      long delay = faults.delayMillis();
      if (delay > 0) {
        sleepUnlessCancelled(statement, delay);
      }
      String injected = faults.takeFailure();
      if (injected != null) {
        statement.subs().get(0).start(statement.clock().instant());
        statement.markEnded(StatementStatus.FAILED, injected);
        reusable = true; // nothing ran on it
        return;
      }
      RedshiftIsolation level = isolation;
      if (level == RedshiftIsolation.SERIALIZABLE) {
        perTableConflicts(connection);
      }
      connection.setTransactionIsolation(level.jdbcLevel());
      connection.setAutoCommit(!statement.isBatch());
      for (DataApiStatement.Sub sub : statement.subs()) {
        if (statement.cancelRequested()) {
          return;
        }
        sub.start(statement.clock().instant());
        runOne(connection, statement, sub, level);
      }
      if (statement.isBatch()) {
        connection.commit();
      }
      statement.markFinished();
      reusable = !statement.cancelRequested();
    } catch (SQLException | RuntimeException e) {
      String message =
          e instanceof SQLException ? errorText((SQLException) e) : "ERROR: " + e.getMessage();
      statement.markEnded(
          statement.cancelRequested() ? StatementStatus.ABORTED : StatementStatus.FAILED,
          statement.cancelRequested() ? "Query was cancelled by user" : message);
      LOG.debug("statement {} ended {}: {}", statement.id(), statement.status(), message);
    } finally {
      if (session != null) {
        if (reusable) {
          sessions.giveBack(session);
        } else {
          sessions.discard(session);
        }
      }
    }
  }

  /**
   * Redshift detects serializable violations per table: a transaction that read a table and one
   * that wrote it conflict whatever rows they touched. PostgreSQL's SSI tracks reads by index
   * entries when it scans an index, which would let two transactions reading and writing different
   * rows of one table pass where Redshift fails one. Without index scans every read locks the whole
   * relation, as Redshift's check does.
   */
  private static void perTableConflicts(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("SET enable_indexscan = off");
      s.execute("SET enable_bitmapscan = off");
      s.execute("SET enable_indexonlyscan = off");
    }
  }

  /** Redshift's STV_DB_ISOLATION_LEVEL: one row for this database with the stand-in's level. */
  private static final java.util.regex.Pattern ISOLATION_VIEW =
      java.util.regex.Pattern.compile(
          "\\b(?:pg_catalog\\.)?stv_db_isolation_level\\b",
          java.util.regex.Pattern.CASE_INSENSITIVE);

  static String isolationView(String sql, RedshiftIsolation level) {
    String row =
        "(SELECT CAST(current_database() AS VARCHAR(128)) AS db_name, CAST('"
            + (level == RedshiftIsolation.SERIALIZABLE ? "Serializable" : "Snapshot Isolation")
            + "' AS VARCHAR(20)) AS isolation_level) AS stv_db_isolation_level";
    return ISOLATION_VIEW.matcher(sql).replaceAll(java.util.regex.Matcher.quoteReplacement(row));
  }

  private void runOne(
      Connection connection,
      DataApiStatement statement,
      DataApiStatement.Sub sub,
      RedshiftIsolation level)
      throws SQLException {
    String violation = RedshiftSqlRules.violation(sub.sql(), statement.isBatch()).orElse(null);
    if (violation != null) {
      throw new SQLException(violation);
    }
    if (CopyCommand.isCopy(sub.sql())) {
      CopyCommand copy;
      try {
        copy = CopyCommand.parse(sub.sql());
      } catch (IllegalArgumentException e) {
        throw new SQLException(e.getMessage(), e);
      }
      long loaded;
      try {
        loaded = copyLoader.load(connection, copy);
      } catch (CopyLoader.RefusedLine refused) {
        // Redshift logs the refused line outside the transaction that the failure rolls back.
        try {
          LoadErrorLog.record(connections, statement.target().database(), refused.entry);
        } catch (SQLException | RuntimeException e) {
          refused.addSuppressed(e);
          LOG.warn("could not log a refused COPY line: {}", e.getMessage());
        }
        throw refused;
      }
      sub.finish(statement.clock().instant(), loaded, null);
      copies.incrementAndGet();
      return;
    }
    Parameters.Bound bound =
        Parameters.bind(
            RedshiftRewriter.rewrite(isolationView(sub.sql(), level)), statement.parameters());
    try (PreparedStatement jdbc = connection.prepareStatement(bound.sql())) {
      statement.running(jdbc);
      for (int i = 0; i < bound.values().size(); i++) {
        jdbc.setObject(i + 1, bound.values().get(i), Types.OTHER);
      }
      boolean hasResult = jdbc.execute();
      if (hasResult) {
        try (ResultSet rs = jdbc.getResultSet()) {
          QueryResult result = read(rs);
          sub.finish(statement.clock().instant(), result.rows().size(), result);
        }
      } else {
        sub.finish(statement.clock().instant(), Math.max(jdbc.getUpdateCount(), 0), null);
      }
    } finally {
      statement.running(null);
    }
  }

  static QueryResult read(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<QueryResult.Column> columns = new ArrayList<>();
    for (int c = 1; c <= meta.getColumnCount(); c++) {
      columns.add(
          new QueryResult.Column(
              LongIdentifiers.original(meta.getColumnLabel(c)),
              meta.getColumnTypeName(c),
              meta.isNullable(c) != ResultSetMetaData.columnNoNulls,
              meta.getPrecision(c),
              meta.getScale(c)));
    }
    List<List<QueryResult.Value>> rows = new ArrayList<>();
    while (rs.next() && rows.size() < MAX_RESULT_ROWS) {
      List<QueryResult.Value> row = new ArrayList<>(columns.size());
      for (int c = 1; c <= columns.size(); c++) {
        row.add(value(rs, c, meta.getColumnType(c)));
      }
      rows.add(row);
    }
    return new QueryResult(columns, rows);
  }

  private static QueryResult.Value value(ResultSet rs, int c, int type) throws SQLException {
    Object raw = rs.getObject(c);
    if (raw == null) {
      return QueryResult.Value.ofNull();
    }
    return switch (type) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT ->
          QueryResult.Value.of(rs.getLong(c));
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> QueryResult.Value.of(rs.getDouble(c));
      case Types.BOOLEAN, Types.BIT -> QueryResult.Value.of(rs.getBoolean(c));
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY ->
          QueryResult.Value.of(rs.getBytes(c));
      // A short stand-in name read from the catalog (information_schema) is shown as the original.
      default -> QueryResult.Value.of(LongIdentifiers.original(rs.getString(c)));
    };
  }

  private static void sleepUnlessCancelled(DataApiStatement statement, long millis) {
    long end = System.currentTimeMillis() + millis;
    while (!statement.cancelRequested() && System.currentTimeMillis() < end) {
      try {
        Thread.sleep(Math.min(20, Math.max(1, end - System.currentTimeMillis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** PostgreSQL's SQLSTATE for a serialization failure. */
  static final String SERIALIZATION_FAILURE = "40001";

  /**
   * PostgreSQL's message in Redshift's shape: {@code ERROR: ...}; a serialization failure reads as
   * Redshift's error 1023 ({@code ERROR: 1023 DETAIL: Serializable isolation violation on table -
   * ...}) with PostgreSQL's text after it.
   */
  static String errorText(SQLException e) {
    String message =
        LongIdentifiers.restoreIn(e.getMessage() == null ? e.toString() : e.getMessage());
    if (SERIALIZATION_FAILURE.equals(e.getSQLState())) {
      String first = message.lines().findFirst().orElse(message).replaceFirst("^ERROR:\\s*", "");
      return "ERROR: 1023 DETAIL: Serializable isolation violation on table - 0, transactions"
          + " forming the cycle are: unknown (stand-in; PostgreSQL: "
          + first
          + ")";
    }
    return message.startsWith("ERROR:")
        ? message.lines().findFirst().orElse(message)
        : "ERROR: " + message.lines().findFirst().orElse(message);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sessions.close();
  }
}
