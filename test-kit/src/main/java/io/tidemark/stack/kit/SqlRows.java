package io.tidemark.stack.kit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A query's rows as text cells, null as {@code NULL}: the form in which copies of a table in
 * different databases (MySQL, the Redshift stand-in's PostgreSQL) are compared row by row.
 */
public final class SqlRows {
  private SqlRows() {}

  public static List<List<String>> text(Connection connection, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> cells = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          String value = result.getString(i);
          cells.add(value == null ? "NULL" : value);
        }
        rows.add(cells);
      }
    }
    return rows;
  }
}
