package io.tidemark.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.e2e.chaos.ChaosReport.FaultWindow;
import io.tidemark.e2e.chaos.ChaosSchedule.Action;
import io.tidemark.e2e.chaos.OffsetAudit.Coordinates;
import io.tidemark.e2e.chaos.WorkerLogEvents.Event;
import io.tidemark.e2e.chaos.WorkerLogEvents.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChaosReportScaleOutTest {
  private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");
  private static final String TOPIC = ChaosRun.TRANSACTIONS_TOPIC;

  @Test
  void aWindowThatInjectedNextToNothingFailsTheRunAndSaysWhich() {
    ChaosReport report = scaleOutReport();
    report.window(window(Action.S3_FAULTS, 1, 40));
    report.window(window(Action.DATA_API_FAULTS, 1, 4));
    assertThat(report.problems())
        .contains("data api window 1 injected 4 faults (at least 5 needed)")
        .noneMatch(p -> p.startsWith("s3 window"));
  }

  @Test
  void noPartitionMovedFailsTheRunPerSink() {
    ChaosReport report = scaleOutReport();
    AssignmentLog moved = new AssignmentLog();
    moved.startCounting();
    moved.record(Duration.ZERO, Map.of(), Map.of(ChaosRun.S3_SINK + " t-0", "connect-1"), Map.of());
    moved.record(
        Duration.ofSeconds(2), Map.of(), Map.of(ChaosRun.S3_SINK + " t-0", "connect-2"), Map.of());
    report.assignments(moved);
    assertThat(report.problems())
        .anyMatch(p -> p.startsWith("no partition of " + ChaosRun.REDSHIFT_SINK + " moved"))
        .noneMatch(p -> p.startsWith("no partition of " + ChaosRun.S3_SINK + " moved"));
  }

  @Test
  void theAppendTableAndTheMergeCompanionsOneTaskAreChecked() {
    ChaosReport report = scaleOutReport();
    Coordinates c = new Coordinates(TOPIC, 3, 17);
    report.append(
        ChaosRun.REDSHIFT_APPEND,
        OffsetAudit.check(
            Set.of(c),
            List.of(
                new OffsetAudit.Landed(c, ChaosRun.REDSHIFT_APPEND),
                new OffsetAudit.Landed(c, ChaosRun.REDSHIFT_APPEND))));
    report.mergeTasks(2);
    assertThat(report.problems())
        .anyMatch(p -> p.startsWith("Redshift append table") && p.contains("1 duplicated"))
        .anyMatch(p -> p.contains("MERGE companion") && p.contains("runs 2 tasks"));
  }

  @Test
  void whatFollowedAWindowIsCountedFromItsStartToThirtySecondsAfterItsEnd() {
    ChaosReport report = scaleOutReport();
    FaultWindow w = window(Action.S3_FAULTS, 1, 12);
    report.window(w);
    report.logEvents(
        List.of(
            new Event(T0.minusSeconds(1), Kind.S3_REWIND, ChaosRun.S3_SINK),
            new Event(T0.plusSeconds(5), Kind.S3_REWIND, ChaosRun.S3_SINK),
            new Event(T0.plusSeconds(70), Kind.S3_REWIND, ChaosRun.S3_SINK),
            new Event(T0.plusSeconds(76), Kind.S3_REWIND, ChaosRun.S3_SINK),
            new Event(T0.plusSeconds(6), Kind.CONNECT_RETRY, ChaosRun.REDSHIFT_SINK)));
    assertThat(report.followed(w, Kind.S3_REWIND, ChaosRun.S3_SINK)).isEqualTo(2);
    assertThat(report.followed(w, Kind.CONNECT_RETRY, ChaosRun.S3_SINK)).isZero();
    assertThat(report.total(Kind.S3_REWIND)).isEqualTo(4);
    assertThat(report.windowsMarkdown()).contains("| s3 window 1 | 45 s | 100 | 12 | 2 | 0 / 1 |");
  }

  @Test
  void singleModeHasNoneOfTheseChecks() {
    ChaosReport report = new ChaosReport(1, Duration.ofMinutes(1));
    report.window(window(Action.S3_FAULTS, 1, 0));
    assertThat(report.problems())
        .noneMatch(p -> p.contains("window") || p.contains("moved") || p.contains("append"));
  }

  private static ChaosReport scaleOutReport() {
    return new ChaosReport(7, Duration.ofMinutes(3), ChaosMode.SCALE_OUT);
  }

  private static FaultWindow window(Action action, int number, long faults) {
    return new FaultWindow(action, number, T0, T0.plusSeconds(45), 100, faults);
  }
}
