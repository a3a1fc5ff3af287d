package io.tidemark.e2e.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * When the chaos suite does what, drawn from a seed: each kind of fault spread evenly over the
 * middle of the run (one per slot, at a random point of its slot), so that the first minute loads
 * data undisturbed and the last part lets every sink drain with faults still recent. Kafka-free and
 * deterministic per seed.
 */
final class ChaosSchedule {
  /** Faults start after this share of the run and end before {@link #LAST}. */
  static final double FIRST = 0.08;

  static final double LAST = 0.85;

  enum Action {
    /** SIGKILL the Connect worker (scale-out: one of the group's), then start it again. */
    KILL_WORKER,
    /**
     * Scale-out: SIGSTOP a worker for longer than the group's session timeout (its tasks move),
     * then SIGCONT it: a zombie that resumes inside {@code put}.
     */
    PAUSE_WORKER,
    /** Scale-out: restart every running worker of the group, one after the other. */
    ROLLING_RESTART,
    /** Scale-out: the spare worker joins the group (odd events) or leaves it (even events). */
    SCALE_WORKER,
    /** SIGKILL the broker, then start it again. */
    RESTART_BROKER,
    /** A window of S3 errors, connection resets and 5 s stalls in front of S3. */
    S3_FAULTS,
    /** Throttled calls and a FAILED statement on the Redshift Data API stand-in. */
    DATA_API_FAULTS,
    /** Throttled calls and failed MERGEs on the Athena stand-in. */
    ATHENA_FAULTS,
    /** ALTER TABLE users ADD COLUMN (and the Athena MERGE companion's column list). */
    ADD_COLUMN,
    /** ALTER TABLE users MODIFY name to a longer VARCHAR. */
    WIDEN_VARCHAR
  }

  record Event(Duration at, Action action) {}

  private ChaosSchedule() {}

  /** How many of each action a run gets. */
  static Map<Action, Integer> standardCounts() {
    Map<Action, Integer> counts = new EnumMap<>(Action.class);
    counts.put(Action.KILL_WORKER, 10);
    counts.put(Action.RESTART_BROKER, 2);
    counts.put(Action.S3_FAULTS, 3);
    counts.put(Action.DATA_API_FAULTS, 3);
    counts.put(Action.ATHENA_FAULTS, 3);
    counts.put(Action.ADD_COLUMN, 2);
    counts.put(Action.WIDEN_VARCHAR, 2);
    return counts;
  }

  /** The events of one run of {@code length}, in time order. */
  static List<Event> plan(long seed, Duration length, Map<Action, Integer> counts) {
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("the run needs a positive length, not " + length);
    }
    Random random = new Random(seed);
    long start = (long) (length.toMillis() * FIRST);
    long span = (long) (length.toMillis() * LAST) - start;
    List<Event> events = new ArrayList<>();
    for (Action action : Action.values()) {
      int n = counts.getOrDefault(action, 0);
      if (n < 0) {
        throw new IllegalArgumentException(action + ": a count cannot be negative");
      }
      long slot = n == 0 ? 0 : span / n;
      for (int i = 0; i < n; i++) {
        // The middle 80% of each slot, so that two events of one kind are never back to back.
        long at = start + i * slot + slot / 10 + (long) (random.nextDouble() * slot * 0.8);
        events.add(new Event(Duration.ofMillis(at), action));
      }
    }
    events.sort(Comparator.comparing(Event::at).thenComparing(Event::action));
    return List.copyOf(events);
  }
}
