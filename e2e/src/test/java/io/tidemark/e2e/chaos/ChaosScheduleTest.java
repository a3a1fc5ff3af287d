package io.tidemark.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.e2e.chaos.ChaosSchedule.Action;
import io.tidemark.e2e.chaos.ChaosSchedule.Event;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosScheduleTest {
  private static final Duration RUN = Duration.ofMinutes(10);

  @Test
  void everyCountedActionHappensInTheMiddleOfTheRunInTimeOrder() {
    List<Event> events = ChaosSchedule.plan(11, RUN, ChaosSchedule.standardCounts());
    ChaosSchedule.standardCounts()
        .forEach(
            (action, n) ->
                assertThat(events.stream().filter(e -> e.action() == action))
                    .as(action.name())
                    .hasSize(n));
    assertThat(events)
        .extracting(Event::at)
        .isSorted()
        .allSatisfy(
            at ->
                assertThat(at)
                    .isBetween(
                        Duration.ofMillis((long) (RUN.toMillis() * ChaosSchedule.FIRST)),
                        Duration.ofMillis((long) (RUN.toMillis() * ChaosSchedule.LAST))));
  }

  @Test
  void eventsOfOneKindAreSpreadOutNeverBackToBack() {
    List<Duration> kills =
        ChaosSchedule.plan(3, RUN, ChaosSchedule.standardCounts()).stream()
            .filter(e -> e.action() == Action.KILL_WORKER)
            .map(Event::at)
            .toList();
    long slot = (long) (RUN.toMillis() * (ChaosSchedule.LAST - ChaosSchedule.FIRST)) / kills.size();
    for (int i = 1; i < kills.size(); i++) {
      assertThat(kills.get(i).minus(kills.get(i - 1)).toMillis())
          .as("gap before kill %d", i)
          .isGreaterThanOrEqualTo(slot / 5);
    }
  }

  @Test
  void theSeedDecidesTheTimes() {
    assertThat(ChaosSchedule.plan(1, RUN, ChaosSchedule.standardCounts()))
        .isEqualTo(ChaosSchedule.plan(1, RUN, ChaosSchedule.standardCounts()))
        .isNotEqualTo(ChaosSchedule.plan(2, RUN, ChaosSchedule.standardCounts()));
  }

  @Test
  void aRunNeedsALengthAndCountsCannotBeNegative() {
    assertThatThrownBy(() -> ChaosSchedule.plan(1, Duration.ZERO, Map.of()))
        .hasMessageContaining("positive length");
    assertThatThrownBy(() -> ChaosSchedule.plan(1, RUN, Map.of(Action.KILL_WORKER, -1)))
        .hasMessageContaining("negative");
    assertThat(ChaosSchedule.plan(1, RUN, Map.of())).isEmpty();
  }
}
