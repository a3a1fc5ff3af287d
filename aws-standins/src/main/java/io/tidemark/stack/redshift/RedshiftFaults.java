package io.tidemark.stack.redshift;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Faults the stand-in injects on request: throttled calls, a FAILED statement, slow statements (all
 * of them, or the next one).
 */
public final class RedshiftFaults {
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicReference<String> failNext = new AtomicReference<>();
  private final AtomicLong delayMillis = new AtomicLong();
  private final AtomicLong delayNextMillis = new AtomicLong();
  private final AtomicLong injected = new AtomicLong();

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

  /**
   * The next statement that runs waits this long (in state STARTED) before it runs, as one that
   * queues behind others or runs long: a client with a shorter timeout cancels it before its
   * effect.
   */
  public void slowNextStatement(Duration delay) {
    delayNextMillis.set(delay.toMillis());
  }

  public void reset() {
    throttled.set(0);
    failNext.set(null);
    delayMillis.set(0);
    delayNextMillis.set(0);
  }

  /** Faults injected so far: throttled calls and FAILED statements (not reset by reset()). */
  public long injected() {
    return injected.get();
  }

  boolean takeThrottle() {
    boolean throttle = throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    if (throttle) {
      injected.incrementAndGet();
    }
    return throttle;
  }

  String takeFailure() {
    String failure = failNext.getAndSet(null);
    if (failure != null) {
      injected.incrementAndGet();
    }
    return failure;
  }

  /** How long the statement starting now waits: every statement's delay, or the next one's. */
  long delayMillis() {
    long next = delayNextMillis.getAndSet(0);
    if (next > 0) {
      injected.incrementAndGet();
    }
    return Math.max(next, delayMillis.get());
  }
}
