package io.tidemark.connect.s3.model;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand; every reading also moves it 1 ms (time passes as code runs). */
public final class MutableClock extends Clock {
  private Instant now = Instant.parse("2026-12-07T10:00:00Z");

  public void advance(long millis) {
    now = now.plusMillis(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    now = now.plusMillis(1);
    return now;
  }
}
