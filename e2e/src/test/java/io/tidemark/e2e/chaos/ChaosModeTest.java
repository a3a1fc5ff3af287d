package io.tidemark.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.e2e.chaos.ChaosSchedule.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChaosModeTest {
  @Test
  void parsesItsTwoValuesAndNamesThemOnAnythingElse() {
    assertThat(ChaosMode.parse("single")).isEqualTo(ChaosMode.SINGLE);
    assertThat(ChaosMode.parse(" Scale-Out ")).isEqualTo(ChaosMode.SCALE_OUT);
    assertThatThrownBy(() -> ChaosMode.parse("scaleout"))
        .hasMessageContaining("single, scale-out")
        .hasMessageContaining("'scaleout'");
  }

  @Test
  void singleModeKeepsTheStandardPlanSoItsSeedsReplayAsBefore() {
    assertThat(ChaosMode.SINGLE.counts()).isEqualTo(ChaosSchedule.standardCounts());
    assertThat(ChaosSchedule.plan(101, Duration.ofMinutes(10), ChaosMode.SINGLE.counts()))
        .noneMatch(
            e ->
                e.action() == Action.PAUSE_WORKER
                    || e.action() == Action.ROLLING_RESTART
                    || e.action() == Action.SCALE_WORKER);
    assertThat(ChaosMode.SINGLE.required())
        .containsOnlyKeys(Action.KILL_WORKER, Action.RESTART_BROKER)
        .containsEntry(Action.KILL_WORKER, 10)
        .containsEntry(Action.RESTART_BROKER, 2);
  }

  @Test
  void scaleOutRequiresEveryClusterFaultAndAnEvenNumberOfScalings() {
    assertThat(ChaosMode.SCALE_OUT.required())
        .containsOnlyKeys(
            Action.KILL_WORKER,
            Action.PAUSE_WORKER,
            Action.ROLLING_RESTART,
            Action.SCALE_WORKER,
            Action.RESTART_BROKER);
    // The spare joins, then leaves: the group ends as it started.
    assertThat(ChaosMode.SCALE_OUT.counts().get(Action.SCALE_WORKER) % 2).isZero();
    assertThat(ChaosMode.SCALE_OUT.counts().get(Action.S3_FAULTS)).isEqualTo(3);
  }
}
