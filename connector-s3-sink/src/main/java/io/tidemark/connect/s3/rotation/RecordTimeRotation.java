package io.tidemark.connect.s3.rotation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Closes a file before a record whose record time falls outside the time window of the file's first
 * record (windows of {@code interval}, aligned in {@code zone}, see {@link TimeWindows}). A late
 * record from an earlier window also starts a new file, so a file never mixes windows. Records
 * without a time never trigger it. Deterministic: a replay cuts at the same records.
 */
public final class RecordTimeRotation implements RotationPolicy {

  private final TimeWindows windows;

  public RecordTimeRotation(Duration interval, ZoneId zone) {
    this.windows = new TimeWindows(interval, zone);
  }

  @Override
  public boolean rotateBefore(FileStats file, Long recordTimeMs) {
    if (recordTimeMs == null || file.firstRecordTimeMs() == null || file.recordCount() == 0) {
      return false;
    }
    return !windows.sameWindow(
        Instant.ofEpochMilli(file.firstRecordTimeMs()), Instant.ofEpochMilli(recordTimeMs));
  }
}
