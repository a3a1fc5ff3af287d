package io.tidemark.connect.athena.engine;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link QueryEngine} on Trino through JDBC (trino-jdbc ships at runtime scope). One connection per
 * statement; the request token is unused (Trino has none), the position guard of the MERGE makes a
 * resend harmless.
 */
public final class TrinoQueryEngine implements QueryEngine {

  private static final Logger LOG = LoggerFactory.getLogger(TrinoQueryEngine.class);

  /** Opens a connection (e.g. {@code DriverManager.getConnection(url, user, password)}). */
  @FunctionalInterface
  public interface ConnectionFactory {
    Connection open() throws SQLException;
  }

  private final ConnectionFactory connections;
  private final Clock clock;
  private final Set<Statement> running = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  public TrinoQueryEngine(ConnectionFactory connections, Clock clock) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public QueryResult execute(String sql, String requestToken) {
    if (cancelled) {
      throw new QueryException(
          ErrorClass.CANCELLED,
          QueryException.Outcome.UNANSWERED,
          null,
          "engine is stopping",
          null);
    }
    Instant started = clock.instant();
    AtomicReference<Object> stats = new AtomicReference<>();
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      running.add(statement);
      try {
        watchStats(statement, stats);
        statement.execute(sql);
      } finally {
        running.remove(statement);
      }
      return new QueryResult(
          read(stats.get(), "getQueryId", String.class, "unknown"),
          read(stats.get(), "getPhysicalInputBytes", Long.class, -1L),
          Duration.between(started, clock.instant()));
    } catch (SQLException e) {
      ErrorClass c = cancelled ? ErrorClass.CANCELLED : TrinoErrors.classify(e);
      String id = read(stats.get(), "getQueryId", String.class, null);
      // Trino has no request tokens: the outcome only keeps the port's contract.
      throw new QueryException(
          c,
          id == null ? QueryException.Outcome.UNANSWERED : QueryException.Outcome.ENDED,
          id,
          "Trino query " + id + " failed: " + e.getMessage(),
          e);
    }
  }

  @Override
  public List<List<String>> query(String sql, String requestToken) {
    if (cancelled) {
      throw new QueryException(
          ErrorClass.CANCELLED,
          QueryException.Outcome.UNANSWERED,
          null,
          "engine is stopping",
          null);
    }
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      running.add(statement);
      try (ResultSet rs = statement.executeQuery(sql)) {
        List<List<String>> rows = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
        return rows;
      } finally {
        running.remove(statement);
      }
    } catch (SQLException e) {
      ErrorClass c = cancelled ? ErrorClass.CANCELLED : TrinoErrors.classify(e);
      throw new QueryException(c, null, "Trino query failed: " + e.getMessage(), e);
    }
  }

  /**
   * trino-jdbc's progress monitor, reached by reflection so the driver stays a runtime dependency.
   */
  private static void watchStats(Statement statement, AtomicReference<Object> stats) {
    try {
      Class<?> type =
          Class.forName(
              "io.trino.jdbc.TrinoStatement", false, statement.getClass().getClassLoader());
      if (statement.isWrapperFor(type)) {
        Method monitor = type.getMethod("setProgressMonitor", Consumer.class);
        Consumer<Object> sink = stats::set;
        monitor.invoke(statement.unwrap(type), sink);
      }
    } catch (ReflectiveOperationException | SQLException | LinkageError e) {
      LOG.debug("no Trino query stats: {}", e.toString());
    }
  }

  private static <T> T read(Object stats, String getter, Class<T> type, T fallback) {
    if (stats == null) {
      return fallback;
    }
    try {
      return type.cast(stats.getClass().getMethod(getter).invoke(stats));
    } catch (ReflectiveOperationException | ClassCastException e) {
      return fallback;
    }
  }

  @Override
  public void cancelAll() {
    cancelled = true;
    for (Statement s : running) {
      try {
        s.cancel();
      } catch (SQLException e) {
        LOG.warn("could not cancel a Trino statement: {}", e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    cancelAll();
  }
}
