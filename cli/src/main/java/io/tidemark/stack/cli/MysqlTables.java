package io.tidemark.stack.cli;

import io.tidemark.stack.StackException;
import io.tidemark.stack.component.MariaDb;
import io.tidemark.stack.kit.SqlRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The source of truth for the final check: the demo tables and the {@code user_transactions}
 * aggregate recomputed directly on MySQL (docs/demo-scenario.md), as text rows {@code a|b|c} with
 * null as {@code NULL}, ordered by key, so every copy can be compared row by row.
 */
final class MysqlTables {
  static final String USERS = "users";
  static final String TRANSACTIONS = "transactions";
  static final String USER_TRANSACTIONS = "user_transactions";
  static final List<String> COMPARED = List.of(USERS, TRANSACTIONS, USER_TRANSACTIONS);

  /** Column lists every copy selects, so the rows line up. */
  static final String USERS_COLUMNS = "id, registration_date";

  static final String TRANSACTIONS_COLUMNS = "transaction_id, user_id, total_cost, dt";
  static final String AGGREGATE_COLUMNS = "dt, user_id, total_cost_usd, registration_date";

  private MysqlTables() {}

  static Map<String, List<String>> read(MariaDb mysql) {
    String db = DemoScenario.DATABASE;
    Map<String, List<String>> tables = new LinkedHashMap<>();
    try (Connection connection = mysql.connection()) {
      tables.put(
          USERS,
          rows(connection, "SELECT " + USERS_COLUMNS + " FROM " + db + ".users ORDER BY id"));
      tables.put(
          TRANSACTIONS,
          rows(
              connection,
              "SELECT "
                  + TRANSACTIONS_COLUMNS
                  + " FROM "
                  + db
                  + ".transactions ORDER BY transaction_id"));
      // The seed's BI table, recomputed from scratch: revenue per day and user, with the user's
      // registration date (null for transactions of users without a row in users).
      tables.put(
          USER_TRANSACTIONS,
          rows(
              connection,
              "SELECT t.dt, t.user_id, CAST(SUM(t.total_cost) AS DECIMAL(12,2)), MAX(u.registration_date)"
                  + " FROM "
                  + db
                  + ".transactions t LEFT JOIN "
                  + db
                  + ".users u ON u.id = t.user_id"
                  + " WHERE t.user_id IS NOT NULL GROUP BY t.dt, t.user_id ORDER BY t.dt, t.user_id"));
    } catch (SQLException e) {
      throw new StackException(
          "demo", "could not read the demo tables from MySQL: " + e.getMessage(), e);
    }
    return tables;
  }

  private static List<String> rows(Connection connection, String sql) throws SQLException {
    return SqlRows.text(connection, sql).stream().map(row -> String.join("|", row)).toList();
  }
}
