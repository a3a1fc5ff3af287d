package io.tidemark.stack.athena;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Faults the Athena stand-in injects for tests: throttled API requests ({@code
 * TooManyRequestsException}), queries that fail as Athena reports them (e.g. {@code
 * ICEBERG_COMMIT_ERROR}), queries that end CANCELLED (as if someone stopped them), a lost reply to
 * StartQueryExecution (the query runs, the caller gets no response), and slow queries (to stop or
 * kill something while a query runs). The query faults can be limited to queries whose text
 * contains a given text. Thread-safe.
 */
public final class AthenaFaults {

  /**
   * The next {@code count} queries whose text contains {@code contains} (lower case; empty: any).
   */
  private static final class Next {
    private int count;
    private String contains = "";

    void set(int n, String sqlContains) {
      count = n;
      contains = sqlContains == null ? "" : sqlContains.toLowerCase(Locale.ROOT);
    }

    boolean take(String sql) {
      if (count > 0 && sql.toLowerCase(Locale.ROOT).contains(contains)) {
        count--;
        return true;
      }
      return false;
    }
  }

  private int throttleRequests;
  private final Next fail = new Next();
  private String failError = "ICEBERG_COMMIT_ERROR";
  private final Next cancel = new Next();
  private final Next lose = new Next();
  private Duration slow = Duration.ZERO;
  private long injected;

  public synchronized void throttleNextRequests(int count) {
    throttleRequests = count;
  }

  /**
   * The next {@code count} queries whose text contains {@code sqlContains} (case-insensitive;
   * empty: any) fail with {@code error}.
   */
  public synchronized void failNextQueries(int count, String error, String sqlContains) {
    fail.set(count, sqlContains);
    failError = error;
  }

  /**
   * The next {@code count} queries whose text contains {@code sqlContains} end CANCELLED before
   * they run (as a StopQueryExecution from elsewhere, or a caller's timeout, would leave them).
   */
  public synchronized void cancelNextQueries(int count, String sqlContains) {
    cancel.set(count, sqlContains);
  }

  /**
   * The next {@code count} StartQueryExecution calls whose query contains {@code sqlContains} start
   * the query (it runs as usual) but get no reply: the connection closes without a response. A
   * resend with the same ClientRequestToken returns that execution.
   */
  public synchronized void loseNextResponses(int count, String sqlContains) {
    lose.set(count, sqlContains);
  }

  /** Every query waits this long on the stand-in before it runs. */
  public synchronized void slowQueries(Duration delay) {
    slow = delay;
  }

  public synchronized void reset() {
    throttleRequests = 0;
    fail.set(0, "");
    cancel.set(0, "");
    lose.set(0, "");
    slow = Duration.ZERO;
  }

  /** Faults injected so far (throttled requests, failed or cancelled queries, lost replies). */
  public synchronized long injected() {
    return injected;
  }

  synchronized boolean throttleThisRequest() {
    if (throttleRequests <= 0) {
      return false;
    }
    throttleRequests--;
    return count(true);
  }

  synchronized Optional<String> failThisQuery(String sql) {
    return count(fail.take(sql)) ? Optional.of(failError) : Optional.empty();
  }

  synchronized boolean cancelThisQuery(String sql) {
    return count(cancel.take(sql));
  }

  synchronized boolean loseThisResponse(String sql) {
    return count(lose.take(sql));
  }

  private boolean count(boolean taken) {
    if (taken) {
      injected++;
    }
    return taken;
  }

  synchronized Duration delay() {
    return slow;
  }
}
