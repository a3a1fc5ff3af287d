package io.tidemark.stack.redshift;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Faults the stand-in injects on request: throttled calls, a FAILED statement, slow statements. */
public final class RedshiftFaults {
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicReference<String> failNext = new AtomicReference<>();
  private final AtomicLong delayMillis = new AtomicLong();

  /** The next {@code count} Data API calls answer ThrottlingException (HTTP 400). */
  public void throttleNextRequests(int count) {
    throttled.set(count);
  }

  /** The next statement that runs ends FAILED with {@code error}. */
  public void failNextStatement(String error) {
    failNext.set(error);
  }

  /** Every statement waits this long (in state STARTED) before it runs; zero turns it off. */
  public void slowStatements(Duration delay) {
    delayMillis.set(delay.toMillis());
  }

  public void reset() {
    throttled.set(0);
    failNext.set(null);
    delayMillis.set(0);
  }

  boolean takeThrottle() {
    return throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  String takeFailure() {
    return failNext.getAndSet(null);
  }

  long delayMillis() {
    return delayMillis.get();
  }
}
