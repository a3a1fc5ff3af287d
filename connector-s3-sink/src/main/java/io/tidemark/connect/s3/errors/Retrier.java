package io.tidemark.connect.s3.errors;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Runs an S3 call, retrying transient failures ({@link S3Errors#classify}) with exponential backoff
 * and full jitter. When the attempts are used up the failure becomes a {@link RetriableException}
 * (Connect redelivers the batch later); a fatal failure becomes a {@link ConnectException} at once.
 */
public final class Retrier {

  /** An S3 call. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws Exception;
  }

  /** Waits between attempts; replaced in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final int maxAttempts;
  private final long initialBackoffMs;
  private final long maxBackoffMs;
  private final Sleeper sleeper;
  private final Runnable onRetry;

  public Retrier(int maxAttempts, long initialBackoffMs, long maxBackoffMs, Sleeper sleeper) {
    this(maxAttempts, initialBackoffMs, maxBackoffMs, sleeper, () -> {});
  }

  /** {@code onRetry} runs once per retry, before the backoff (the task's retry counter). */
  public Retrier(
      int maxAttempts,
      long initialBackoffMs,
      long maxBackoffMs,
      Sleeper sleeper,
      Runnable onRetry) {
    this.maxAttempts = maxAttempts;
    this.initialBackoffMs = initialBackoffMs;
    this.maxBackoffMs = maxBackoffMs;
    this.sleeper = sleeper;
    this.onRetry = onRetry;
  }

  public <T> T call(String operation, String bucket, String key, Call<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (RetriableException | PreconditionFailedException e) {
        throw e; // the call decided itself: not an S3 error, nothing to retry here
      } catch (Exception e) {
        if (S3Errors.classify(e) == S3Errors.Kind.FATAL) {
          throw S3Errors.fatal(operation, bucket, key, e);
        }
        if (attempt >= maxAttempts) {
          throw new RetriableException(
              "S3 "
                  + operation
                  + " of s3://"
                  + bucket
                  + "/"
                  + key
                  + " failed "
                  + attempt
                  + " times, last: "
                  + S3Errors.describe(e),
              e);
        }
        onRetry.run();
        backoff(attempt);
      }
    }
  }

  /** Full jitter: a random wait between 0 and min(max, initial * 2^(attempt-1)). */
  long backoffCeiling(int attempt) {
    long ceiling = initialBackoffMs << Math.min(attempt - 1, 30);
    return Math.min(maxBackoffMs, ceiling < 0 ? maxBackoffMs : ceiling);
  }

  private void backoff(int attempt) {
    try {
      sleeper.sleep(ThreadLocalRandom.current().nextLong(backoffCeiling(attempt) + 1));
    } catch (InterruptedException e) {
      // The worker is stopping the task (a rolling restart): not a failure of the task. The
      // partition rewinds like after any transient failure and nothing is lost.
      Thread.currentThread().interrupt();
      throw new RetriableException("interrupted while backing off from an S3 failure", e);
    }
  }
}
