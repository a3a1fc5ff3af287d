package io.tidemark.connect.redshift;

import io.tidemark.connect.redshift.dataapi.StatementRunner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A statement runner that records batches; every table has {@link #columns}, committed offsets are
 * {@link #committedRows}.
 */
final class InMemoryRunner implements StatementRunner {
  final List<List<String>> batches = new ArrayList<>();
  final Set<String> columns = new LinkedHashSet<>();

  /**
   * When set, the catalog answer with types (name, data_type, length, precision, scale, nullable)
   * instead of {@link #columns}.
   */
  List<List<String>> typedColumns = List.of();

  List<List<String>> committedRows = List.of();
  boolean cancelled;
  boolean closed;

  /**
   * How many of the next batches fail as a transient Data API error would (a RetriableException).
   */
  int transientFailures;

  /** The failure {@link #transientFailures} throws. */
  java.util.function.Supplier<RuntimeException> transientFailure =
      () ->
          new org.apache.kafka.connect.errors.RetriableException(
              "statement ended FAILED: could not serialize access");

  /**
   * How many of the next data batches are fenced: their offsets INSERT reports 0 rows, as when
   * another task committed first; {@link #committedRows} is then what a re-read finds.
   */
  int fencedBatches;

  @Override
  public List<Long> executeBatch(List<String> statements, String clientToken) {
    if (transientFailures > 0) {
      transientFailures--;
      throw transientFailure.get();
    }
    batches.add(List.copyOf(statements));
    List<Long> counts = new ArrayList<>();
    boolean fenced =
        fencedBatches > 0 && statements.get(0).startsWith("CREATE TEMP TABLE \"tidemark_guard\"");
    if (fenced) {
      fencedBatches--;
    }
    for (String s : statements) {
      counts.add(fenced && s.startsWith("INSERT INTO \"public\".\"tidemark_offsets\"") ? 0L : 1L);
    }
    return counts;
  }

  @Override
  public List<List<String>> query(String sql) {
    if (sql.contains("information_schema") && sql.contains("position_lineage")) {
      return List.of(List.of("1")); // the offsets table has the lineage column
    }
    if (sql.contains("information_schema")) {
      return typedColumns.isEmpty() ? columns.stream().map(List::of).toList() : typedColumns;
    }
    return committedRows;
  }

  @Override
  public void cancelRunning() {
    cancelled = true;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Batches that write rows (they create a stage). */
  List<List<String>> dataBatches() {
    return batches.stream()
        .filter(b -> b.stream().anyMatch(s -> s.startsWith("CREATE TEMP TABLE \"tidemark_stage")))
        .toList();
  }
}
