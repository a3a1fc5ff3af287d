package io.tidemark.connect.athena.engine;

import io.tidemark.connect.athena.plan.RequestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a statement and retries {@link ErrorClass#RETRYABLE} failures (throttling,
 * ICEBERG_COMMIT_ERROR) with jittered backoff. Each retry uses the next attempt's request token:
 * Athena would return the failed execution for a reused token.
 */
public final class RetryingRunner {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingRunner.class);

  private final QueryEngine engine;
  private final int maxAttempts;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  public RetryingRunner(
      QueryEngine engine,
      int maxAttempts,
      Backoff backoff,
      Sleeper sleeper,
      DoubleSupplier random) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    this.engine = Objects.requireNonNull(engine, "engine");
    this.maxAttempts = maxAttempts;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * @param purpose what the statement is for (part of the token and of log lines), e.g. {@code
   *     merge:users}
   * @throws QueryException the last failure, or at once for anything not retryable
   */
  public QueryResult run(String purpose, String sql) {
    QueryResult result = withRetries(purpose, sql, engine::execute);
    LOG.info(
        "{} succeeded: query {}, {} bytes scanned, {} ms",
        purpose,
        result.queryId(),
        result.bytesScanned(),
        result.elapsed().toMillis());
    return result;
  }

  /**
   * Runs a read-only query and returns its rows ({@link QueryEngine#query}), with the same retries.
   * Its tokens are fresh on every call: a reused token would return an earlier execution's rows,
   * and a read must see the tables as they are now.
   */
  public List<List<String>> query(String purpose, String sql) {
    String nonce = purpose + ":" + UUID.randomUUID();
    return withRetries(nonce, sql, engine::query);
  }

  private <T> T withRetries(String purpose, String sql, BiFunction<String, String, T> call) {
    for (int attempt = 0; ; attempt++) {
      try {
        return call.apply(sql, RequestTokens.of(purpose, sql, attempt));
      } catch (QueryException e) {
        if (e.errorClass() != ErrorClass.RETRYABLE || attempt + 1 >= maxAttempts) {
          throw e;
        }
        Duration wait = backoff.jittered(attempt, random);
        LOG.warn(
            "{} failed (attempt {} of {}), retrying in {} ms: {}",
            purpose,
            attempt + 1,
            maxAttempts,
            wait.toMillis(),
            e.getMessage());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new QueryException(
              ErrorClass.CANCELLED,
              e.queryId().orElse(null),
              purpose + " interrupted while waiting to retry",
              e);
        }
      }
    }
  }
}
