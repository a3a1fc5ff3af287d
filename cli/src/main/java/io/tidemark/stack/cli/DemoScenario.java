package io.tidemark.stack.cli;

import java.time.LocalDate;
import java.util.List;

/**
 * The demo's data (docs/demo-scenario.md): the seed tables, their initial rows relative to the day
 * the demo runs, and the stream of changes played after the initial load.
 */
final class DemoScenario {
  static final String DATABASE = "myschema";
  static final List<String> TABLES = List.of("users", "transactions");

  /** One step of the stream: what it means, its SQL, and the change events it causes per table. */
  record Step(String description, List<String> sql, int userEvents, int transactionEvents) {}

  private final LocalDate today;

  DemoScenario(LocalDate today) {
    this.today = today;
  }

  LocalDate today() {
    return today;
  }

  List<String> schema() {
    return List.of(
        "CREATE DATABASE " + DATABASE,
        "CREATE TABLE myschema.users (id BIGINT PRIMARY KEY, registration_date DATE)",
        "CREATE TABLE myschema.transactions (transaction_id BIGINT PRIMARY KEY, user_id BIGINT, "
            + "total_cost DECIMAL(10,2), dt DATE)",
        "INSERT INTO myschema.users VALUES (1, " + day(0) + "), (2, " + day(1) + ")",
        "INSERT INTO myschema.transactions VALUES "
            + "(1, 1, 10.99, "
            + day(0)
            + "), (2, 2, 4.99, "
            + day(0)
            + "), "
            + "(3, 2, 4.99, "
            + day(3)
            + "), (4, 1, 4.99, "
            + day(3)
            + "), "
            + "(5, 1, 5.99, "
            + day(2)
            + "), (6, 1, 15.99, "
            + day(1)
            + "), "
            + "(7, 1, 55.99, "
            + day(4)
            + ")");
  }

  /** Rows of the initial load: users, transactions. */
  int[] snapshotEvents() {
    return new int[] {2, 7};
  }

  List<Step> stream() {
    return List.of(
        new Step(
            "new transactions for both users, today and yesterday",
            List.of(
                "INSERT INTO myschema.transactions VALUES (8, 1, 12.50, "
                    + day(0)
                    + "), (9, 2, 7.25, "
                    + day(0)
                    + "), (10, 1, 3.10, "
                    + day(1)
                    + "), (11, 2, 9.99, "
                    + day(1)
                    + ")"),
            0,
            4),
        new Step(
            "a correction: transaction 1 costs 11.99, not 10.99",
            List.of("UPDATE myschema.transactions SET total_cost = 11.99 WHERE transaction_id = 1"),
            0,
            1),
        new Step(
            "a refund: transaction 3 is deleted",
            List.of("DELETE FROM myschema.transactions WHERE transaction_id = 3"),
            0,
            2),
        new Step(
            "a new user registers and buys",
            List.of(
                "INSERT INTO myschema.users VALUES (3, " + day(0) + ")",
                "INSERT INTO myschema.transactions VALUES (12, 3, 20.00, " + day(0) + ")"),
            1,
            1),
        new Step(
            "user 2's registration date is corrected",
            List.of("UPDATE myschema.users SET registration_date = " + day(2) + " WHERE id = 2"),
            1,
            0),
        new Step(
            "transaction 2 moves to yesterday: its revenue must leave today's row",
            List.of(
                "UPDATE myschema.transactions SET dt = " + day(1) + " WHERE transaction_id = 2"),
            0,
            1));
  }

  private String day(int daysAgo) {
    return "'" + today.minusDays(daysAgo) + "'";
  }
}
