package io.tidemark.connect.s3.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RotationPoliciesTest {

  private static final Instant T0 = Instant.parse("2026-11-21T08:10:00Z");

  private static FileStats file(long records, long bytes, Instant opened, Long firstMs) {
    return new FileStats(records, bytes, opened, firstMs);
  }

  @Test
  void countAndBytes() {
    assertThat(new RecordCountRotation(3).rotateAfter(file(2, 0, T0, null))).isFalse();
    assertThat(new RecordCountRotation(3).rotateAfter(file(3, 0, T0, null))).isTrue();
    assertThat(new ByteSizeRotation(100).rotateAfter(file(1, 99, T0, null))).isFalse();
    assertThat(new ByteSizeRotation(100).rotateAfter(file(1, 100, T0, null))).isTrue();
  }

  @Test
  void recordTimeWindowsIncludingLateRecords() {
    RecordTimeRotation hourly = new RecordTimeRotation(Duration.ofHours(1), ZoneOffset.UTC);
    FileStats f = file(5, 0, T0, T0.toEpochMilli());
    assertThat(hourly.rotateBefore(f, T0.plusSeconds(49 * 60).toEpochMilli())).isFalse();
    assertThat(hourly.rotateBefore(f, Instant.parse("2026-11-21T09:00:00Z").toEpochMilli()))
        .isTrue();
    assertThat(hourly.rotateBefore(f, Instant.parse("2026-11-21T07:59:59Z").toEpochMilli()))
        .isTrue();
    assertThat(hourly.rotateBefore(f, null)).isFalse();
  }

  @Test
  void windowsAlignInTheZoneNotTheJvm() {
    // Kolkata is UTC+05:30: its hours start at :30 UTC.
    TimeWindows w = new TimeWindows(Duration.ofHours(1), ZoneId.of("Asia/Kolkata"));
    assertThat(w.windowEnd(T0)).isEqualTo(Instant.parse("2026-11-21T08:30:00Z"));
    // A 6-hour window on the 25-hour DST day in New York (2026-11-01) ends at local midnight.
    TimeWindows ny = new TimeWindows(Duration.ofHours(6), ZoneId.of("America/New_York"));
    assertThat(ny.windowEnd(Instant.parse("2026-11-02T04:30:00Z")))
        .isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
    // 7 hours does not divide a day: epoch-aligned.
    assertThat(
            new TimeWindows(Duration.ofHours(7), ZoneOffset.UTC)
                .windowEnd(Instant.ofEpochSecond(1)))
        .isEqualTo(Instant.ofEpochSecond(7 * 3600));
  }

  @Test
  void scheduleFiresOnTickForIdleFilesAndBeforeRecords() {
    AtomicReference<Instant> now = new AtomicReference<>(T0);
    Clock clock =
        new Clock() {
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
            return now.get();
          }
        };
    ScheduledRotation every15 =
        new ScheduledRotation(Duration.ofMinutes(15), ZoneOffset.UTC, clock);
    FileStats idle = file(1, 10, T0, null);
    assertThat(every15.deadline(idle)).contains(Instant.parse("2026-11-21T08:15:00Z"));
    assertThat(every15.rotateOnTick(idle, Instant.parse("2026-11-21T08:14:59Z"))).isFalse();
    assertThat(every15.rotateOnTick(idle, Instant.parse("2026-11-21T08:15:00Z"))).isTrue();
    assertThat(every15.rotateOnTick(file(0, 0, T0, null), Instant.parse("2026-11-21T09:00:00Z")))
        .isFalse();
    assertThat(every15.rotateBefore(idle, null)).isFalse();
    now.set(Instant.parse("2026-11-21T08:15:01Z"));
    assertThat(every15.rotateBefore(idle, null)).isTrue();
  }

  @Test
  void anyOfCombinesAndReportsEarliestDeadline() {
    RotationPolicy p =
        RotationPolicy.anyOf(
            List.of(
                new RecordCountRotation(10),
                new ScheduledRotation(
                    Duration.ofMinutes(30), ZoneOffset.UTC, Clock.fixed(T0, ZoneOffset.UTC)),
                new ScheduledRotation(
                    Duration.ofMinutes(15), ZoneOffset.UTC, Clock.fixed(T0, ZoneOffset.UTC))));
    assertThat(p.rotateAfter(file(10, 0, T0, null))).isTrue();
    assertThat(p.rotateAfter(file(9, 0, T0, null))).isFalse();
    assertThat(p.deadline(file(1, 0, T0, null))).contains(Instant.parse("2026-11-21T08:15:00Z"));
  }
}
