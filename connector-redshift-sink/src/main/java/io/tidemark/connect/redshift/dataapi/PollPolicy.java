package io.tidemark.connect.redshift.dataapi;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Waits between DescribeStatement polls (exponential, capped) and between retries of throttled
 * calls (exponential with full jitter), bounds how long a statement may run, and how long to wait
 * after cancelling (or losing track of) a statement until DescribeStatement shows it ended.
 */
public record PollPolicy(
    Duration initialPoll,
    Duration maxPoll,
    Duration statementTimeout,
    int maxAttempts,
    Duration retryBase,
    DoubleSupplier jitter,
    Duration settleTimeout) {

  /** The default wait for a cancelled statement to end: 5 minutes. */
  public static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofMinutes(5);

  public PollPolicy {
    Objects.requireNonNull(initialPoll, "initialPoll");
    Objects.requireNonNull(settleTimeout, "settleTimeout");
    Objects.requireNonNull(maxPoll, "maxPoll");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    Objects.requireNonNull(retryBase, "retryBase");
    Objects.requireNonNull(jitter, "jitter");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** A policy with the default {@link #settleTimeout()}. */
  public PollPolicy(
      Duration initialPoll,
      Duration maxPoll,
      Duration statementTimeout,
      int maxAttempts,
      Duration retryBase,
      DoubleSupplier jitter) {
    this(
        initialPoll,
        maxPoll,
        statementTimeout,
        maxAttempts,
        retryBase,
        jitter,
        DEFAULT_SETTLE_TIMEOUT);
  }

  public static PollPolicy defaults() {
    return new PollPolicy(
        Duration.ofMillis(50),
        Duration.ofSeconds(2),
        Duration.ofMinutes(10),
        6,
        Duration.ofMillis(200),
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  /** The wait before poll number {@code n} (0-based). */
  public Duration pollDelay(int n) {
    long millis = initialPoll.toMillis() << Math.min(n, 20);
    return Duration.ofMillis(Math.min(millis, maxPoll.toMillis()));
  }

  /**
   * The wait before retry number {@code n} (1-based): uniformly random in [0, base * 2^(n-1)],
   * capped.
   */
  public Duration retryDelay(int n) {
    long cap = Math.min(retryBase.toMillis() << Math.min(n - 1, 16), maxPoll.toMillis() * 5);
    return Duration.ofMillis((long) (cap * jitter.getAsDouble()));
  }
}
