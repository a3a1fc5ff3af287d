package io.tidemark.connect.redshift;

import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.TableChanges;
import io.tidemark.connect.redshift.sql.TableDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Changes collected from one {@code put}, per table, in arrival (Kafka) order. A table's changes
 * are put in change-position order when every one of them has a position. A change whose table
 * definition neither contains nor is contained in the one collected so far (the source schema
 * changed incompatibly) cannot join: {@link #accepts} says so and the task writes what it has
 * first.
 */
final class PendingBatch {
  private final Map<String, TableDef> tables = new LinkedHashMap<>();
  private final Map<String, List<ChangeConverter.Change>> changes = new LinkedHashMap<>();

  boolean isEmpty() {
    return changes.isEmpty();
  }

  boolean accepts(ChangeConverter.Change change) {
    TableDef current = tables.get(key(change.table()));
    return current == null
        || contains(current, change.table())
        || contains(change.table(), current);
  }

  void add(ChangeConverter.Change change) {
    String key = key(change.table());
    TableDef current = tables.get(key);
    if (current == null || !contains(current, change.table())) {
      tables.put(key, change.table());
    }
    changes.computeIfAbsent(key, k -> new ArrayList<>()).add(change);
  }

  /** The batch for the writer; the pending batch is empty afterwards. */
  List<TableChanges> drain() {
    List<TableChanges> out = new ArrayList<>();
    changes.forEach((key, list) -> out.add(new TableChanges(tables.get(key), ordered(list))));
    tables.clear();
    changes.clear();
    return out;
  }

  private static List<ChangeRow> ordered(List<ChangeConverter.Change> list) {
    List<ChangeConverter.Change> sorted = new ArrayList<>(list);
    if (sorted.stream().map(ChangeConverter.Change::position).allMatch(Optional::isPresent)) {
      sorted.sort(Comparator.comparing(c -> c.position().orElseThrow()));
    }
    return sorted.stream().map(ChangeConverter.Change::row).toList();
  }

  private static boolean contains(TableDef bigger, TableDef smaller) {
    return bigger.columns().containsAll(smaller.columns())
        && bigger.keyColumns().equals(smaller.keyColumns());
  }

  private static String key(TableDef table) {
    return table.schema() + '.' + table.name();
  }
}
