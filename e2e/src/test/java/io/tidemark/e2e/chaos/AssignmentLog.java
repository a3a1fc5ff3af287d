package io.tidemark.e2e.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where the tasks and partitions of the connectors ran over a run, sampled from the Connect REST
 * API (task -> worker) and the sinks' consumer groups (partition -> task): a snapshot is kept when
 * it differs from the one before. A partition (or task) moved when it was seen on one worker and
 * next seen on another, once {@link #startCounting()} was called (the first cluster fault); gaps
 * (unassigned during a rebalance, a worker that did not answer) do not count as moves. Kafka-free.
 */
final class AssignmentLog {
  /**
   * One sample: {@code tasks} maps a task ("chaos-s3/0") to its worker's name, {@code partitions}
   * maps a sink's partition ("chaos-s3 topic-3") to its worker's name and {@code partitionTasks} to
   * its task.
   */
  record Snapshot(
      Duration at,
      Map<String, String> tasks,
      Map<String, String> partitions,
      Map<String, String> partitionTasks) {}

  private final List<Snapshot> snapshots = new ArrayList<>();
  private final Map<String, String> lastTaskWorker = new HashMap<>();
  private final Map<String, String> lastPartitionWorker = new HashMap<>();
  private final Map<String, Integer> partitionMoves = new TreeMap<>();
  private final Map<String, Integer> taskMoves = new TreeMap<>();
  private int samples;
  private boolean counting;

  /**
   * Moves count from now on: the connectors' first balancing after they are deployed moves
   * partitions too, and says nothing about failover.
   */
  synchronized void startCounting() {
    counting = true;
  }

  /** Records one sample (tasks or partitions missing from it are unknown, not moved). */
  synchronized void record(
      Duration at,
      Map<String, String> tasks,
      Map<String, String> partitions,
      Map<String, String> partitionTasks) {
    samples++;
    tasks.forEach((task, worker) -> count(task, worker, lastTaskWorker, taskMoves, counting));
    partitions.forEach(
        (partition, worker) ->
            count(partition, worker, lastPartitionWorker, partitionMoves, counting));
    Snapshot last = snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1);
    if (last == null
        || !last.tasks().equals(tasks)
        || !last.partitions().equals(partitions)
        || !last.partitionTasks().equals(partitionTasks)) {
      snapshots.add(
          new Snapshot(at, Map.copyOf(tasks), Map.copyOf(partitions), Map.copyOf(partitionTasks)));
    }
  }

  private static void count(
      String what,
      String worker,
      Map<String, String> last,
      Map<String, Integer> moves,
      boolean counting) {
    String before = last.put(what, worker);
    if (counting && before != null && !before.equals(worker)) {
      moves.merge(owner(what), 1, Integer::sum);
    }
  }

  /** The connector a task ("c/0") or partition ("c topic-3") key belongs to. */
  private static String owner(String key) {
    int space = key.indexOf(' ');
    int slash = key.lastIndexOf('/');
    return space > 0 ? key.substring(0, space) : slash > 0 ? key.substring(0, slash) : key;
  }

  /** Partition moves between workers, per sink connector. */
  synchronized Map<String, Integer> partitionMoves() {
    return Map.copyOf(partitionMoves);
  }

  synchronized int totalPartitionMoves() {
    return partitionMoves.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Task moves between workers, per connector. */
  synchronized Map<String, Integer> taskMoves() {
    return Map.copyOf(taskMoves);
  }

  synchronized int samples() {
    return samples;
  }

  synchronized int distinctAssignments() {
    return snapshots.size();
  }

  /**
   * The timeline as a markdown table: one row per distinct assignment, one column per worker, each
   * cell the worker's tasks with how many sink partitions each held.
   */
  synchronized String markdown() {
    Set<String> workers = new TreeSet<>();
    snapshots.forEach(s -> workers.addAll(s.tasks().values()));
    if (workers.isEmpty()) {
      return "no assignment sampled\n";
    }
    StringBuilder md = new StringBuilder("| at |");
    workers.forEach(w -> md.append(' ').append(w).append(" |"));
    md.append("\n|---|");
    workers.forEach(w -> md.append("---|"));
    md.append('\n');
    for (Snapshot s : snapshots) {
      Map<String, Long> partitionsPerTask =
          s.partitionTasks().values().stream()
              .collect(Collectors.groupingBy(t -> t, TreeMap::new, Collectors.counting()));
      md.append("| ").append(s.at().toSeconds()).append(" s |");
      for (String worker : workers) {
        String cell =
            s.tasks().entrySet().stream()
                .filter(e -> e.getValue().equals(worker))
                .map(Map.Entry::getKey)
                .sorted()
                .map(
                    task ->
                        partitionsPerTask.containsKey(task)
                            ? task + " (" + partitionsPerTask.get(task) + " p)"
                            : task)
                .collect(Collectors.joining(", "));
        md.append(' ').append(cell.isEmpty() ? "-" : cell).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }
}
