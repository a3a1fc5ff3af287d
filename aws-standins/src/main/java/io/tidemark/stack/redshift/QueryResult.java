package io.tidemark.stack.redshift;

import java.util.List;

/**
 * A result set kept for GetStatementResult: column metadata and rows, each value already in Data
 * API form ({@link Value}).
 */
public record QueryResult(List<Column> columns, List<List<Value>> rows) {
  public QueryResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** Column metadata as the Data API reports it. */
  public record Column(String name, String typeName, boolean nullable, int precision, int scale) {}

  /** One field: exactly one of the values is set, or {@code isNull}. */
  public record Value(
      boolean isNull,
      String stringValue,
      Long longValue,
      Double doubleValue,
      Boolean booleanValue,
      byte[] blobValue) {
    public static Value ofNull() {
      return new Value(true, null, null, null, null, null);
    }

    public static Value of(String s) {
      return new Value(false, s, null, null, null, null);
    }

    public static Value of(long l) {
      return new Value(false, null, l, null, null, null);
    }

    public static Value of(double d) {
      return new Value(false, null, null, d, null, null);
    }

    public static Value of(boolean b) {
      return new Value(false, null, null, null, b, null);
    }

    public static Value of(byte[] b) {
      return new Value(false, null, null, null, null, b);
    }
  }
}
