package io.tidemark.connect.s3.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The moment after which a write must not reach the store: the publish lease of a pending object
 * (README "Fencing"). Past it, recovery may have deleted the object's key and replayed its records.
 */
public record Deadline(Clock clock, Instant at) {

  public Duration remaining() {
    return Duration.between(clock.instant(), at);
  }

  public boolean passed() {
    Duration left = remaining();
    return left.isNegative() || left.isZero();
  }
}
