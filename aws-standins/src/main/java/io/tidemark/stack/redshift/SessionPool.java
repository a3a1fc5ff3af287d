package io.tidemark.stack.redshift;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PostgreSQL sessions the stand-in runs statements in. Redshift runs every Data API statement
 * (or batch) in a session of its own; opening a PostgreSQL connection for each one costs more than
 * most statements. A session here is a connection that ran a statement which ended well, kept and
 * reset to a new session's state before its next statement: {@code DISCARD ALL} drops temporary
 * tables, settings ({@code SET}, the transaction characteristics), prepared plans, advisory locks
 * and listeners, and proves the connection still works (a broken one is closed and another taken).
 * A connection whose statement failed, was cancelled or stopped mid-transaction is closed, never
 * reused. Each connection runs one statement at a time.
 */
final class SessionPool implements AutoCloseable {

  /** A connection and its backend's pid (what DescribeStatement reports as RedshiftPid). */
  record Session(Connection connection, int pid, String database) {}

  private final StatementEngine.Connections connections;
  private final int maxIdle;
  private final Map<String, Deque<Session>> idle = new HashMap<>();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong reused = new AtomicLong();
  private boolean closed;

  SessionPool(StatementEngine.Connections connections, int maxIdle) {
    this.connections = connections;
    this.maxIdle = maxIdle;
  }

  /** A session of {@code database} in a new session's state: a reset idle one, or a new one. */
  Session take(String database) throws SQLException {
    while (true) {
      Session session;
      synchronized (this) {
        Deque<Session> sessions = idle.get(database);
        session = sessions == null ? null : sessions.pollFirst();
      }
      if (session == null) {
        break;
      }
      try (Statement reset = session.connection().createStatement()) {
        reset.execute("DISCARD ALL");
        reused.incrementAndGet();
        return session;
      } catch (SQLException e) {
        discard(session); // the server closed it (a restart, a terminated backend): take another
      }
    }
    Connection connection = connections.open(database);
    try {
      opened.incrementAndGet();
      return new Session(connection, pid(connection), database);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /** Keeps a session whose statement ended well (autocommit on, no transaction open). */
  void giveBack(Session session) {
    try {
      if (!session.connection().getAutoCommit()) {
        session.connection().rollback(); // nothing is open after a commit: ends nothing
        session.connection().setAutoCommit(true);
      }
    } catch (SQLException e) {
      discard(session);
      return;
    }
    synchronized (this) {
      Deque<Session> sessions = idle.computeIfAbsent(session.database(), d -> new ArrayDeque<>());
      if (!closed && sessions.size() < maxIdle) {
        sessions.addFirst(session);
        return;
      }
    }
    discard(session);
  }

  /** Closes a session that must not run another statement. */
  void discard(Session session) {
    closeQuietly(session.connection());
  }

  /** Connections opened and sessions reused so far. */
  long opened() {
    return opened.get();
  }

  long reused() {
    return reused.get();
  }

  @Override
  public void close() {
    List<Session> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(this::discard);
  }

  private static int pid(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // already gone
    }
  }
}
