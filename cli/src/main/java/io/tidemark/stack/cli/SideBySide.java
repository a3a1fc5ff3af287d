package io.tidemark.stack.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's final check as a table: one row per compared table, MySQL first, then one column per
 * stage that holds a copy. A copy agrees when it has exactly MySQL's rows; a stage without a copy
 * of a table shows "-" and is not compared. Kafka-free and database-free, so the rules are
 * unit-tested.
 */
final class SideBySide {
  private final Map<String, List<String>> mysql;
  private final Map<String, Map<String, List<String>>> copies;

  /**
   * @param mysql table -> MySQL's rows
   * @param copies stage name -> (table -> that stage's rows), in column order
   */
  SideBySide(Map<String, List<String>> mysql, Map<String, Map<String, List<String>>> copies) {
    this.mysql = new LinkedHashMap<>(mysql);
    this.copies = new LinkedHashMap<>(copies);
  }

  /** True when every copy equals MySQL and at least one stage holds a copy. */
  boolean agrees() {
    boolean compared = false;
    for (Map<String, List<String>> stage : copies.values()) {
      for (Map.Entry<String, List<String>> table : stage.entrySet()) {
        if (!table.getValue().equals(mysql.get(table.getKey()))) {
          return false;
        }
        compared = true;
      }
    }
    return compared;
  }

  /** The table, then the differing rows of every copy that disagrees. */
  String render() {
    List<List<String>> grid = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("table", "MySQL"));
    header.addAll(copies.keySet());
    grid.add(header);
    for (Map.Entry<String, List<String>> table : mysql.entrySet()) {
      List<String> line = new ArrayList<>(List.of(table.getKey(), rows(table.getValue().size())));
      for (Map<String, List<String>> stage : copies.values()) {
        List<String> copy = stage.get(table.getKey());
        line.add(
            copy == null
                ? "-"
                : rows(copy.size()) + (copy.equals(table.getValue()) ? ", equal" : ", DIFFERENT"));
      }
      grid.add(line);
    }
    StringBuilder out = new StringBuilder(align(grid));
    copies.forEach(
        (stage, tables) ->
            tables.forEach(
                (table, rows) -> {
                  List<String> expected = mysql.getOrDefault(table, List.of());
                  if (!rows.equals(expected)) {
                    out.append("  ")
                        .append(stage)
                        .append(' ')
                        .append(table)
                        .append(" differs from MySQL:\n");
                    expected.stream()
                        .filter(r -> !rows.contains(r))
                        .forEach(r -> out.append("    only in MySQL:  ").append(r).append('\n'));
                    rows.stream()
                        .filter(r -> !expected.contains(r))
                        .forEach(
                            r ->
                                out.append("    only in ")
                                    .append(stage)
                                    .append(": ")
                                    .append(r)
                                    .append('\n'));
                    if (expected.size() == rows.size() && expected.containsAll(rows)) {
                      out.append("    (same rows in another order)\n");
                    }
                  }
                }));
    return out.toString();
  }

  private static String rows(int n) {
    return n + (n == 1 ? " row" : " rows");
  }

  private static String align(List<List<String>> grid) {
    int columns = grid.get(0).size();
    int[] width = new int[columns];
    grid.forEach(
        line -> {
          for (int i = 0; i < columns; i++) {
            width[i] = Math.max(width[i], line.get(i).length());
          }
        });
    StringBuilder out = new StringBuilder();
    for (List<String> line : grid) {
      out.append(" ");
      for (int i = 0; i < columns; i++) {
        out.append(' ')
            .append(String.format("%-" + width[i] + "s", line.get(i)))
            .append(i < columns - 1 ? " " : "");
      }
      out.append('\n');
    }
    return out.toString().replaceAll(" +\n", "\n");
  }
}
