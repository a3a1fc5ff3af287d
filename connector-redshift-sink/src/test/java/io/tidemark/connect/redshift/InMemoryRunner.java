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

  @Override
  public void executeBatch(List<String> statements, String clientToken) {
    if (transientFailures > 0) {
      transientFailures--;
      throw new org.apache.kafka.connect.errors.RetriableException(
          "statement ended FAILED: could not serialize access");
    }
    batches.add(List.copyOf(statements));
  }

  @Override
  public List<List<String>> query(String sql) {
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
        .filter(b -> b.stream().anyMatch(s -> s.startsWith("CREATE TEMP TABLE")))
        .toList();
  }
}
