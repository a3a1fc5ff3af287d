package io.tidemark.connect.s3.rotation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Time windows of a fixed length aligned in a zone: an interval that divides a day starts its
 * windows at local midnight (so hourly windows follow the zone's hours, also on 23- and 25-hour DST
 * days, where the last window of the day is cut at midnight); longer intervals are aligned to the
 * epoch.
 */
public final class TimeWindows {

  private final Duration interval;
  private final ZoneId zone;

  public TimeWindows(Duration interval, ZoneId zone) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.interval = interval;
    this.zone = zone;
  }

  /** The first instant after the window that contains {@code t}. */
  public Instant windowEnd(Instant t) {
    long len = interval.toMillis();
    if (Duration.ofDays(1).toMillis() % len != 0) {
      return Instant.ofEpochMilli(
          Math.multiplyExact(Math.floorDiv(t.toEpochMilli(), len) + 1, len));
    }
    ZonedDateTime z = t.atZone(zone);
    Instant dayStart = z.toLocalDate().atStartOfDay(zone).toInstant();
    Instant nextDay = z.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    long sinceStart = t.toEpochMilli() - dayStart.toEpochMilli();
    Instant end = dayStart.plusMillis((Math.floorDiv(sinceStart, len) + 1) * len);
    return end.isAfter(nextDay) ? nextDay : end;
  }

  /** True when {@code a} and {@code b} fall into the same window. */
  public boolean sameWindow(Instant a, Instant b) {
    return windowEnd(a).equals(windowEnd(b));
  }
}
