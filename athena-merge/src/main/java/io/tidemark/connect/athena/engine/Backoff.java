package io.tidemark.connect.athena.engine;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: attempt n waits a uniform random time in [0, min(max,
 * initial * 2^n)]. {@link #capped} without jitter is used for polling.
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, got " + initial + ", " + max);
    }
  }

  /** min(max, initial * 2^attempt). */
  public Duration capped(int attempt) {
    long factor = 1L << Math.min(Math.max(attempt, 0), 30);
    long millis = initial.toMillis() * factor;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }

  /** A uniformly random share of {@link #capped}; {@code random} returns values in [0, 1). */
  public Duration jittered(int attempt, DoubleSupplier random) {
    return Duration.ofMillis((long) (capped(attempt).toMillis() * random.getAsDouble()));
  }
}
