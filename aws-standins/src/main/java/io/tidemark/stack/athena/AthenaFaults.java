package io.tidemark.stack.athena;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Faults the Athena stand-in injects for tests: throttled API requests ({@code
 * TooManyRequestsException}), queries that fail as Athena reports them (e.g. {@code
 * ICEBERG_COMMIT_ERROR}, optionally only those containing a text), and slow queries (to stop or
 * kill something while a query runs). Thread-safe.
 */
public final class AthenaFaults {

  private int throttleRequests;
  private int failQueries;
  private String failError = "ICEBERG_COMMIT_ERROR";
  private String failWhenContains = "";
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
    failQueries = count;
    failError = error;
    failWhenContains = sqlContains == null ? "" : sqlContains.toLowerCase(Locale.ROOT);
  }

  /** Every query waits this long on the stand-in before it runs. */
  public synchronized void slowQueries(Duration delay) {
    slow = delay;
  }

  public synchronized void reset() {
    throttleRequests = 0;
    failQueries = 0;
    slow = Duration.ZERO;
  }

  /** Faults injected so far (throttled requests and failed queries). */
  public synchronized long injected() {
    return injected;
  }

  synchronized boolean throttleThisRequest() {
    if (throttleRequests > 0) {
      throttleRequests--;
      injected++;
      return true;
    }
    return false;
  }

  synchronized Optional<String> failThisQuery(String sql) {
    if (failQueries > 0 && sql.toLowerCase(Locale.ROOT).contains(failWhenContains)) {
      failQueries--;
      injected++;
      return Optional.of(failError);
    }
    return Optional.empty();
  }

  synchronized Duration delay() {
    return slow;
  }
}
