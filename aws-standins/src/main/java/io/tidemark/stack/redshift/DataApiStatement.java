package io.tidemark.stack.redshift;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One statement submitted through the Data API (single or batch) and its sub-statements, with their
 * state transitions. Thread-safe: the executor updates it while requests read it.
 */
public final class DataApiStatement {

  /** Who submitted it and where it runs. */
  public record Target(
      String database,
      String workgroupName,
      String clusterIdentifier,
      String secretArn,
      String dbUser,
      String statementName) {}

  /** One statement of a batch (a single ExecuteStatement has exactly one, with the parent's id). */
  public static final class Sub {
    private final String id;
    private final String sql;
    private StatementStatus status = StatementStatus.SUBMITTED;
    private String error;
    private long resultRows = -1;
    private QueryResult result;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant startedAt;

    Sub(String id, String sql, Instant now) {
      this.id = id;
      this.sql = sql;
      this.createdAt = now;
      this.updatedAt = now;
    }

    public String id() {
      return id;
    }

    public String sql() {
      return sql;
    }

    public synchronized StatementStatus status() {
      return status;
    }

    public synchronized String error() {
      return error;
    }

    public synchronized long resultRows() {
      return resultRows;
    }

    public synchronized QueryResult result() {
      return result;
    }

    public synchronized Instant createdAt() {
      return createdAt;
    }

    public synchronized Instant updatedAt() {
      return updatedAt;
    }

    /** Nanoseconds from start to end, or -1 while running. */
    public synchronized long durationNanos() {
      if (!status.isDone() || startedAt == null) {
        return -1;
      }
      return java.time.Duration.between(startedAt, updatedAt).toNanos();
    }

    synchronized void start(Instant now) {
      status = StatementStatus.STARTED;
      startedAt = now;
      updatedAt = now;
    }

    synchronized void finish(Instant now, long rows, QueryResult result) {
      status = StatementStatus.FINISHED;
      resultRows = rows;
      this.result = result;
      updatedAt = now;
    }

    synchronized void end(Instant now, StatementStatus status, String error) {
      if (startedAt == null) {
        startedAt = now;
      }
      this.status = status;
      this.error = error;
      updatedAt = now;
    }
  }

  private final String id;
  private final boolean batch;
  private final Target target;
  private final List<Sub> subs;
  private final Map<String, String> parameters;
  private final Clock clock;
  private final Instant createdAt;
  private StatementStatus status = StatementStatus.SUBMITTED;
  private String error;
  private Instant updatedAt;
  private Instant startedAt;
  private int pid;
  private volatile boolean cancelRequested;
  private volatile java.sql.Statement running;

  DataApiStatement(
      String id,
      boolean batch,
      Target target,
      List<String> sqls,
      Map<String, String> parameters,
      Clock clock) {
    this.id = id;
    this.batch = batch;
    this.target = target;
    this.parameters = Map.copyOf(parameters);
    this.clock = clock;
    this.createdAt = clock.instant();
    this.updatedAt = createdAt;
    List<Sub> list = new ArrayList<>();
    for (int i = 0; i < sqls.size(); i++) {
      list.add(new Sub(batch ? id + ":" + (i + 1) : id, sqls.get(i), createdAt));
    }
    this.subs = List.copyOf(list);
  }

  public String id() {
    return id;
  }

  public boolean isBatch() {
    return batch;
  }

  public Target target() {
    return target;
  }

  public List<Sub> subs() {
    return subs;
  }

  public Map<String, String> parameters() {
    return parameters;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public synchronized StatementStatus status() {
    return status;
  }

  public synchronized String error() {
    return error;
  }

  public synchronized Instant updatedAt() {
    return updatedAt;
  }

  public synchronized int pid() {
    return pid;
  }

  public synchronized long durationNanos() {
    return status.isDone() && startedAt != null
        ? java.time.Duration.between(startedAt, updatedAt).toNanos()
        : -1;
  }

  /** Rows of the last sub-statement (what DescribeStatement reports for a single statement). */
  public long resultRows() {
    return subs.get(subs.size() - 1).resultRows();
  }

  public boolean hasResultSet() {
    return subs.stream().anyMatch(s -> s.result() != null);
  }

  boolean cancelRequested() {
    return cancelRequested;
  }

  void running(java.sql.Statement statement) {
    this.running = statement;
  }

  synchronized boolean markPicked() {
    if (status != StatementStatus.SUBMITTED) {
      return false;
    }
    status = StatementStatus.PICKED;
    updatedAt = clock.instant();
    return true;
  }

  synchronized void markStarted(int pid) {
    this.pid = pid;
    status = StatementStatus.STARTED;
    startedAt = clock.instant();
    updatedAt = startedAt;
  }

  synchronized void markFinished() {
    status = StatementStatus.FINISHED;
    updatedAt = clock.instant();
  }

  /** Ends FAILED or ABORTED; sub-statements that never finished end the same way. */
  synchronized void markEnded(StatementStatus end, String message) {
    if (status.isDone()) {
      return;
    }
    if (startedAt == null) {
      startedAt = clock.instant();
    }
    status = end;
    error = message;
    updatedAt = clock.instant();
    for (Sub sub : subs) {
      if (!sub.status().isDone()) {
        sub.end(
            updatedAt,
            sub.status() == StatementStatus.STARTED ? end : StatementStatus.ABORTED,
            sub.status() == StatementStatus.STARTED ? message : null);
      }
    }
  }

  /** Asks the running statement to stop; returns false when it had already ended. */
  boolean cancel() {
    synchronized (this) {
      if (status.isDone()) {
        return false;
      }
      cancelRequested = true;
    }
    java.sql.Statement statement = running;
    if (statement != null) {
      try {
        statement.cancel();
      } catch (java.sql.SQLException e) {
        // The executor notices cancelRequested anyway.
      }
    }
    markEnded(StatementStatus.ABORTED, "Query was cancelled by user");
    return true;
  }

  Clock clock() {
    return clock;
  }
}
