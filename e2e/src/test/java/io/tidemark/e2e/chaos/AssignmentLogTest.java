package io.tidemark.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignmentLogTest {
  @Test
  void aPartitionMovedWhenItIsNextSeenOnAnotherWorkerGapsAreNotMoves() {
    AssignmentLog log = new AssignmentLog();
    log.startCounting();
    log.record(
        Duration.ofSeconds(2),
        Map.of("s3/0", "connect-1", "s3/1", "connect-2"),
        Map.of("s3 t-0", "connect-1", "s3 t-1", "connect-2"),
        Map.of("s3 t-0", "s3/0", "s3 t-1", "s3/1"));
    // connect-2 is paused: its task and partition are not seen (no move).
    log.record(
        Duration.ofSeconds(4),
        Map.of("s3/0", "connect-1"),
        Map.of("s3 t-0", "connect-1"),
        Map.of("s3 t-0", "s3/0"));
    assertThat(log.totalPartitionMoves()).isZero();
    // Its task runs on connect-1 now: task and partition moved once.
    log.record(
        Duration.ofSeconds(6),
        Map.of("s3/0", "connect-1", "s3/1", "connect-1"),
        Map.of("s3 t-0", "connect-1", "s3 t-1", "connect-1"),
        Map.of("s3 t-0", "s3/0", "s3 t-1", "s3/1"));
    // The same again: nothing new.
    log.record(
        Duration.ofSeconds(8),
        Map.of("s3/0", "connect-1", "s3/1", "connect-1"),
        Map.of("s3 t-0", "connect-1", "s3 t-1", "connect-1"),
        Map.of("s3 t-0", "s3/0", "s3 t-1", "s3/1"));
    assertThat(log.partitionMoves()).isEqualTo(Map.of("s3", 1));
    assertThat(log.taskMoves()).isEqualTo(Map.of("s3", 1));
    assertThat(log.samples()).isEqualTo(4);
    assertThat(log.distinctAssignments()).isEqualTo(3);
    assertThat(log.markdown())
        .contains("| at | connect-1 | connect-2 |")
        .contains("| 2 s | s3/0 (1 p) | s3/1 (1 p) |")
        .contains("| 6 s | s3/0 (1 p), s3/1 (1 p) | - |")
        .doesNotContain("| 8 s |");
  }

  @Test
  void aPartitionThatChangesTaskOnTheSameWorkerDidNotMoveBetweenWorkers() {
    AssignmentLog log = new AssignmentLog();
    log.startCounting();
    log.record(
        Duration.ZERO,
        Map.of("rs/0", "connect-1", "rs/1", "connect-1"),
        Map.of("rs t-0", "connect-1"),
        Map.of("rs t-0", "rs/0"));
    log.record(
        Duration.ofSeconds(2),
        Map.of("rs/0", "connect-1", "rs/1", "connect-1"),
        Map.of("rs t-0", "connect-1"),
        Map.of("rs t-0", "rs/1"));
    assertThat(log.totalPartitionMoves()).isZero();
    assertThat(log.distinctAssignments()).isEqualTo(2);
  }

  @Test
  void movesBeforeCountingStartsAreTheFirstBalancingNotFailover() {
    AssignmentLog log = new AssignmentLog();
    log.record(Duration.ZERO, Map.of("s3/0", "connect-1"), Map.of(), Map.of());
    log.record(Duration.ofSeconds(2), Map.of("s3/0", "connect-2"), Map.of(), Map.of());
    assertThat(log.taskMoves()).isEmpty();
    log.startCounting();
    log.record(Duration.ofSeconds(4), Map.of("s3/0", "connect-3"), Map.of(), Map.of());
    assertThat(log.taskMoves()).isEqualTo(Map.of("s3", 1));
  }
}
