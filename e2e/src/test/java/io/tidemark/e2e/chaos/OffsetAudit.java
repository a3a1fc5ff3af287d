package io.tidemark.e2e.chaos;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * "Every offset landed exactly once": the Kafka coordinates the landed objects hold, against the
 * offsets the topics hold. An offset is lost when no object holds it, duplicated when more than one
 * object (or one object twice) holds it, unexpected when the topic has no such record. Kafka-free.
 */
final class OffsetAudit {
  record Coordinates(String topic, int partition, long offset) implements Comparable<Coordinates> {
    @Override
    public int compareTo(Coordinates o) {
      int c = topic.compareTo(o.topic);
      if (c == 0) {
        c = Integer.compare(partition, o.partition);
      }
      return c != 0 ? c : Long.compare(offset, o.offset);
    }

    @Override
    public String toString() {
      return topic + "-" + partition + "@" + offset;
    }
  }

  /** One row read back from a landed object. */
  record Landed(Coordinates coordinates, String object) {}

  record Result(
      long expected,
      long landed,
      Set<Coordinates> lost,
      Map<Coordinates, List<String>> duplicated,
      Set<Coordinates> unexpected) {
    boolean exactlyOnce() {
      return lost.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty();
    }

    /** At most {@code limit} examples of each problem. */
    String describe(int limit) {
      if (exactlyOnce()) {
        return expected + " offsets, each landed exactly once";
      }
      return String.format(
          "%d offsets expected, %d rows landed: %d lost %s, %d duplicated %s, %d unexpected %s",
          expected,
          landed,
          lost.size(),
          first(lost, limit),
          duplicated.size(),
          first(duplicated.entrySet(), limit),
          unexpected.size(),
          first(unexpected, limit));
    }

    private static String first(Collection<?> items, int limit) {
      return items.stream().limit(limit).map(Object::toString).toList().toString();
    }
  }

  private OffsetAudit() {}

  static Result check(Set<Coordinates> expected, Collection<Landed> landed) {
    Map<Coordinates, List<String>> holders = new TreeMap<>();
    for (Landed row : landed) {
      holders.computeIfAbsent(row.coordinates(), c -> new ArrayList<>()).add(row.object());
    }
    Set<Coordinates> lost = new TreeSet<>(expected);
    lost.removeAll(holders.keySet());
    Set<Coordinates> unexpected = new TreeSet<>(holders.keySet());
    unexpected.removeAll(new HashSet<>(expected));
    Map<Coordinates, List<String>> duplicated = new TreeMap<>();
    holders.forEach(
        (coordinates, objects) -> {
          if (objects.size() > 1) {
            duplicated.put(coordinates, objects);
          }
        });
    return new Result(expected.size(), landed.size(), lost, duplicated, unexpected);
  }
}
