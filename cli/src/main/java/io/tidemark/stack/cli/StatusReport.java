package io.tidemark.stack.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What {@code ./tidemark status} prints, computed from plain values (no Kafka, no HTTP): one row
 * per connector with its state, its tasks and, for sinks, the lag of its consumer group.
 */
final class StatusReport {
  /**
   * One connector: name, {@code source}/{@code sink}, connector state, task states, lag (sinks
   * only).
   */
  record Row(String name, String type, String state, List<String> taskStates, Optional<Lag> lag) {}

  /**
   * A sink's lag: records in its topics that its consumer group has not committed yet, per
   * partition.
   */
  record Lag(long total, Map<TopicPartition, Long> byPartition) {
    /**
     * {@code end - committed} per partition; a partition without a committed offset counts from its
     * first retained offset (the group has not read it yet).
     */
    static Lag of(
        Map<TopicPartition, Long> start,
        Map<TopicPartition, Long> end,
        Map<TopicPartition, Long> committed) {
      Map<TopicPartition, Long> lag = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
      end.forEach(
          (partition, endOffset) -> {
            long from =
                committed.containsKey(partition)
                    ? committed.get(partition)
                    : start.getOrDefault(partition, 0L);
            lag.put(partition, Math.max(0, endOffset - from));
          });
      return new Lag(lag.values().stream().mapToLong(Long::longValue).sum(), lag);
    }
  }

  private StatusReport() {}

  /** True when every connector and task runs. */
  static boolean healthy(List<Row> rows) {
    return rows.stream()
        .allMatch(
            r ->
                r.state().equals("RUNNING") && r.taskStates().stream().allMatch("RUNNING"::equals));
  }

  static String render(List<Row> rows) {
    if (rows.isEmpty()) {
      return "  no connectors\n";
    }
    List<List<String>> grid = new ArrayList<>();
    grid.add(List.of("connector", "type", "state", "tasks", "lag (records)"));
    for (Row row : rows) {
      long running = row.taskStates().stream().filter("RUNNING"::equals).count();
      String tasks =
          running
              + "/"
              + row.taskStates().size()
              + " running"
              + row.taskStates().stream()
                  .filter(s -> !s.equals("RUNNING"))
                  .distinct()
                  .map(s -> ", " + s)
                  .reduce("", String::concat);
      String lag = row.lag().map(l -> l.total() + perPartition(l)).orElse("-");
      grid.add(List.of(row.name(), row.type(), row.state(), tasks, lag));
    }
    int[] width = new int[5];
    grid.forEach(
        line -> {
          for (int i = 0; i < 5; i++) {
            width[i] = Math.max(width[i], line.get(i).length());
          }
        });
    StringBuilder out = new StringBuilder();
    for (List<String> line : grid) {
      out.append(' ');
      for (int i = 0; i < 5; i++) {
        out.append(' ')
            .append(i < 4 ? String.format("%-" + width[i] + "s ", line.get(i)) : line.get(i));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String perPartition(Lag lag) {
    if (lag.byPartition().isEmpty()) {
      return " (no partitions)";
    }
    List<String> parts = new ArrayList<>();
    lag.byPartition().forEach((p, n) -> parts.add(p.topic() + "-" + p.partition() + ": " + n));
    return " (" + String.join(", ", parts) + ")";
  }
}
