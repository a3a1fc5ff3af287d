package io.tidemark.stack.athena;

import java.time.Instant;
import java.util.List;

/** One Athena query execution of the stand-in; mutable state guarded by its own monitor. */
final class QueryExecution {

  enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
  }

  final String id;
  final String query;
  final String workGroup;
  final String catalog;
  final String database;
  final String outputLocation;
  final String statementType;
  final Instant submitted;

  private State state = State.QUEUED;
  private String reason;
  private int errorCategory;
  private int errorType;
  private boolean retryable;
  private Instant completed;
  private long bytesScanned;
  private long engineMillis;
  private List<String> columnNames = List.of();
  private List<String> columnTypes = List.of();
  private List<List<String>> rows = List.of();
  private Long updateCount;
  private String trinoQueryId;

  QueryExecution(
      String id,
      String query,
      String workGroup,
      String catalog,
      String database,
      String outputLocation,
      String statementType,
      Instant submitted) {
    this.id = id;
    this.query = query;
    this.workGroup = workGroup;
    this.catalog = catalog;
    this.database = database;
    this.outputLocation = outputLocation;
    this.statementType = statementType;
    this.submitted = submitted;
  }

  synchronized State state() {
    return state;
  }

  synchronized boolean running(String trinoId) {
    if (state != State.QUEUED && state != State.RUNNING) {
      return false;
    }
    state = State.RUNNING;
    if (trinoId != null) {
      trinoQueryId = trinoId;
    }
    return true;
  }

  synchronized String trinoQueryId() {
    return trinoQueryId;
  }

  synchronized void addScanned(long bytes, long millis) {
    bytesScanned += Math.max(0, bytes);
    engineMillis += Math.max(0, millis);
  }

  synchronized void succeed(
      List<String> names,
      List<String> types,
      List<List<String>> resultRows,
      Long updated,
      Instant now) {
    if (state == State.CANCELLED) {
      return;
    }
    state = State.SUCCEEDED;
    columnNames = List.copyOf(names);
    columnTypes = List.copyOf(types);
    rows = resultRows;
    updateCount = updated;
    completed = now;
  }

  /**
   * @param category Athena's ErrorCategory: 1 system, 2 user, 3 other
   */
  synchronized void fail(String why, int category, int type, boolean canRetry, Instant now) {
    if (state == State.CANCELLED) {
      return;
    }
    state = State.FAILED;
    reason = why;
    errorCategory = category;
    errorType = type;
    retryable = canRetry;
    completed = now;
  }

  synchronized boolean cancel(Instant now) {
    if (state == State.QUEUED || state == State.RUNNING) {
      state = State.CANCELLED;
      reason = "Query was cancelled by the user";
      completed = now;
      return true;
    }
    return false;
  }

  synchronized String reason() {
    return reason;
  }

  synchronized int errorCategory() {
    return errorCategory;
  }

  synchronized int errorType() {
    return errorType;
  }

  synchronized boolean retryable() {
    return retryable;
  }

  synchronized Instant completed() {
    return completed;
  }

  synchronized long bytesScanned() {
    return bytesScanned;
  }

  synchronized long engineMillis() {
    return engineMillis;
  }

  synchronized List<String> columnNames() {
    return columnNames;
  }

  synchronized List<String> columnTypes() {
    return columnTypes;
  }

  synchronized List<List<String>> rows() {
    return rows;
  }

  synchronized Long updateCount() {
    return updateCount;
  }
}
