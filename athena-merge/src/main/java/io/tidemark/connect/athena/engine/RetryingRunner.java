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
 * ICEBERG_COMMIT_ERROR) with jittered backoff.
 *
 * <p>Statement identity: the request token is {@code RequestTokens.of(purpose, sql, attempt)}, and
 * the attempt only moves on once the token's execution has ended. A failure without a reply ({@link
 * QueryException.Outcome#UNANSWERED}: a lost StartQueryExecution response, a reset) resends the
 * same token, since Athena may already run that execution and returns it instead of starting a
 * second one. An execution that ended FAILED or CANCELLED ({@code ENDED}) spent its token: Athena
 * would hand the failed execution back for it, so a retry takes the next attempt. One that ended
 * before this engine started ({@code INHERITED}: a restart replays the same batch, hence the same
 * tokens) is skipped to the next attempt at once, neither counted nor reported, so a batch whose
 * run was cancelled or failed does not fail every restart again. A token whose execution still runs
 * is awaited, never replaced, so one statement never runs twice at the same time.
 */
public final class RetryingRunner {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingRunner.class);

  /**
   * Spent tokens of earlier runs skipped in one call before giving up: each run adds at most its
   * own attempts, so this only guards against a loop on an engine that misreports.
   */
  static final int MAX_INHERITED = 1000;

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
    int attempt = 0; // the token's attempt number
    int tries = 0; // this call's failures, for maxAttempts and the backoff
    int inherited = 0;
    while (true) {
      try {
        return call.apply(sql, RequestTokens.of(purpose, sql, attempt));
      } catch (QueryException e) {
        if (e.outcome() == QueryException.Outcome.INHERITED
            && e.errorClass() != ErrorClass.SPLIT
            && e.errorClass() != ErrorClass.TOO_MANY_PARTITIONS) {
          // (An earlier run's SPLIT is passed on: the statement is too large, the caller makes
          // smaller ones, which have tokens of their own.)
          if (++inherited > MAX_INHERITED) {
            throw new QueryException(
                ErrorClass.FATAL,
                e.queryId().orElse(null),
                purpose + ": more than " + MAX_INHERITED + " ended executions of earlier runs",
                e);
          }
          LOG.info(
              "{}: attempt {} ended in an earlier run ({}), going on with attempt {}",
              purpose,
              attempt,
              e.getMessage(),
              attempt + 1);
          attempt++;
          continue;
        }
        tries++;
        if (e.errorClass() != ErrorClass.RETRYABLE || tries >= maxAttempts) {
          throw e;
        }
        if (e.outcome() != QueryException.Outcome.UNANSWERED) {
          attempt++;
        }
        Duration wait = backoff.jittered(tries - 1, random);
        LOG.warn(
            "{} failed (try {} of {}), retrying {} token in {} ms: {}",
            purpose,
            tries,
            maxAttempts,
            e.outcome() == QueryException.Outcome.UNANSWERED ? "with the same" : "with a new",
            wait.toMillis(),
            e.getMessage());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new QueryException(
              ErrorClass.CANCELLED,
              e.outcome(),
              e.queryId().orElse(null),
              purpose + " interrupted while waiting to retry",
              e);
        }
      }
    }
  }
}
