package io.tidemark.connect.s3.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Closes every file at the end of the wall-clock window (of {@code interval}, aligned in {@code
 * zone}) in which it was opened: on the caller's timer tick even when the partition is idle, and
 * before the next record when the tick has not come yet. Not deterministic; the commit protocol
 * does not need it to be.
 */
public final class ScheduledRotation implements RotationPolicy {

  private final TimeWindows windows;
  private final Clock clock;

  public ScheduledRotation(Duration interval, ZoneId zone, Clock clock) {
    this.windows = new TimeWindows(interval, zone);
    this.clock = clock;
  }

  @Override
  public boolean rotateBefore(FileStats file, Long recordTimeMs) {
    return file.recordCount() > 0 && rotateOnTick(file, clock.instant());
  }

  @Override
  public boolean rotateOnTick(FileStats file, Instant now) {
    return file.recordCount() > 0 && !now.isBefore(windows.windowEnd(file.openedAt()));
  }

  @Override
  public Optional<Instant> deadline(FileStats file) {
    return Optional.of(windows.windowEnd(file.openedAt()));
  }
}
