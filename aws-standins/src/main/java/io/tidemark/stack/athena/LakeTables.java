package io.tidemark.stack.athena;

import io.tidemark.stack.StackException;
import io.tidemark.stack.component.TrinoRest;
import io.tidemark.stack.component.TrinoServer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Iceberg tables on the stack's Trino for people and the demo, e.g. the {@code
 * user_transactions} table the athena-merge connector maintains: {@code
 * System.out.print(LakeTables.format(LakeTables.userTransactions(trino, "lake")))}.
 */
public final class LakeTables {

  private LakeTables() {}

  /**
   * Header row, then {@code dt, user_id, total_cost_usd, registration_date} ordered by day and
   * user.
   */
  public static List<List<String>> userTransactions(TrinoServer trino, String schema) {
    if (!schema.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "schema name '" + schema + "' must be lower-case letters, digits and _");
    }
    return query(
        trino,
        "SELECT dt, user_id, total_cost_usd, registration_date FROM iceberg."
            + schema
            + ".user_transactions ORDER BY dt, user_id");
  }

  /** Header row, then the rows as text (null as {@code NULL}). */
  public static List<List<String>> query(TrinoServer trino, String sql) {
    try {
      TrinoRest.Result r =
          new TrinoRest(trino.endpoint(), TrinoServer.USER).run(sql, "iceberg", null, id -> {});
      List<List<String>> out = new ArrayList<>();
      out.add(r.columnNames());
      r.rows().forEach(row -> out.add(row.stream().map(v -> v == null ? "NULL" : v).toList()));
      return out;
    } catch (TrinoRest.Failure e) {
      throw new StackException("trino", e.errorName + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("trino", "interrupted", e);
    }
  }

  /** A plain-text table with aligned columns. */
  public static String format(List<List<String>> rows) {
    int columns = rows.isEmpty() ? 0 : rows.get(0).size();
    int[] width = new int[columns];
    rows.forEach(
        r -> {
          for (int i = 0; i < columns; i++) {
            width[i] = Math.max(width[i], r.get(i).length());
          }
        });
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < rows.size(); k++) {
      for (int i = 0; i < columns; i++) {
        out.append(i == 0 ? "" : "  ")
            .append(String.format("%-" + width[i] + "s", rows.get(k).get(i)));
      }
      out.append('\n');
      if (k == 0) {
        for (int i = 0; i < columns; i++) {
          out.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
