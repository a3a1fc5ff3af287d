package io.tidemark.stack.redshift;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Redshift's COPY load-error log: when COPY refuses a line, the statement fails with "Load into
 * table '...' failed. Check 'stl_load_errors' system table for details." and the file, line number,
 * column and reason are kept, outside the rolled-back transaction, in {@code sys_load_error_detail}
 * (and {@code stl_load_errors} on provisioned clusters). The stand-in keeps them in a table of that
 * name (and a view with STL_LOAD_ERRORS' column names) in schema {@value #SCHEMA}, written on a
 * connection of its own; {@link RedshiftRewriter} points unqualified reads at them.
 */
final class LoadErrorLog {
  static final String SCHEMA = "tidemark_standin";
  static final String SYS_VIEW = "sys_load_error_detail";
  static final String STL_VIEW = "stl_load_errors";

  /** One refused line, in SYS_LOAD_ERROR_DETAIL's terms. */
  record Entry(
      String fileName,
      long lineNumber,
      String columnName,
      String columnType,
      int errorCode,
      String errorMessage) {}

  private LoadErrorLog() {}

  /** Adds {@code entry} to the log of {@code database}, creating the log on first use. */
  static synchronized void record(
      StatementEngine.Connections connections, String database, Entry entry) throws SQLException {
    try (Connection c = connections.open(database)) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + SCHEMA
                + "."
                + SYS_VIEW
                + " (query_id BIGINT, start_time TIMESTAMP DEFAULT now(),"
                + " file_name CHARACTER(256), line_number BIGINT, column_name CHARACTER(127),"
                + " column_type CHARACTER(10), error_code INTEGER,"
                + " error_message CHARACTER(512))");
        s.execute(
            "CREATE OR REPLACE VIEW "
                + SCHEMA
                + "."
                + STL_VIEW
                + " AS SELECT query_id AS query, start_time AS starttime, file_name AS filename,"
                + " line_number, column_name AS colname, column_type AS type,"
                + " error_code AS err_code, error_message AS err_reason FROM "
                + SCHEMA
                + "."
                + SYS_VIEW);
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO "
                  + SCHEMA
                  + "."
                  + SYS_VIEW
                  + " (query_id, file_name, line_number, column_name, column_type, error_code,"
                  + " error_message) VALUES (0, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, cut(entry.fileName(), 256));
        insert.setLong(2, entry.lineNumber());
        insert.setString(3, cut(entry.columnName(), 127));
        insert.setString(4, cut(entry.columnType(), 10));
        insert.setInt(5, entry.errorCode());
        insert.setString(6, cut(entry.errorMessage(), 512));
        insert.executeUpdate();
      }
    }
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
