package io.tidemark.e2e.chaos;

import io.tidemark.e2e.chaos.ChaosSchedule.Action;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the chaos suite deploys the pipeline ({@code -Dchaos.mode}): {@code single} (the default)
 * runs one Connect worker and one task per connector; {@code scale-out} runs a group of {@code
 * chaos.workers} workers (default 3) plus one spare that joins and leaves during the run,
 * 8-partition source topics and {@code tasks.max=4} for the S3 and Redshift sinks.
 */
enum ChaosMode {
  SINGLE("single"),
  SCALE_OUT("scale-out");

  /** Partitions of each source topic in scale-out mode (Debezium's topic creation). */
  static final int SCALE_OUT_PARTITIONS = 8;

  /** tasks.max of the S3 and Redshift sinks in scale-out mode. */
  static final int SCALE_OUT_TASKS = 4;

  private final String configValue;

  ChaosMode(String configValue) {
    this.configValue = configValue;
  }

  String configValue() {
    return configValue;
  }

  /** Parses {@code -Dchaos.mode}; anything else fails, naming the values it takes. */
  static ChaosMode parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (ChaosMode mode : values()) {
      if (mode.configValue.equals(v)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "chaos.mode must be one of "
            + Arrays.stream(values()).map(m -> m.configValue).collect(Collectors.joining(", "))
            + ", not '"
            + value
            + "'");
  }

  /** How many of each action a run of this mode gets. */
  Map<Action, Integer> counts() {
    if (this == SINGLE) {
      return ChaosSchedule.standardCounts();
    }
    Map<Action, Integer> counts = new EnumMap<>(Action.class);
    counts.put(Action.KILL_WORKER, 4);
    counts.put(Action.PAUSE_WORKER, 3);
    counts.put(Action.ROLLING_RESTART, 1);
    // The spare worker joins at the first and leaves at the second.
    counts.put(Action.SCALE_WORKER, 2);
    counts.put(Action.RESTART_BROKER, 1);
    counts.put(Action.S3_FAULTS, 3);
    counts.put(Action.DATA_API_FAULTS, 3);
    counts.put(Action.ATHENA_FAULTS, 3);
    counts.put(Action.ADD_COLUMN, 2);
    counts.put(Action.WIDEN_VARCHAR, 2);
    return counts;
  }

  /**
   * The chaos a run must have had to count: in single mode the worker kills and broker restarts of
   * the standard plan (as before); in scale-out mode every cluster fault of the plan.
   */
  Map<Action, Integer> required() {
    Map<Action, Integer> required = new EnumMap<>(Action.class);
    Map<Action, Integer> counts = counts();
    for (Action action :
        this == SINGLE
            ? new Action[] {Action.KILL_WORKER, Action.RESTART_BROKER}
            : new Action[] {
              Action.KILL_WORKER,
              Action.PAUSE_WORKER,
              Action.ROLLING_RESTART,
              Action.SCALE_WORKER,
              Action.RESTART_BROKER
            }) {
      required.put(action, counts.get(action));
    }
    return required;
  }
}
