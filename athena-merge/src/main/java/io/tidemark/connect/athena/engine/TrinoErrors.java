package io.tidemark.connect.athena.engine;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Locale;

/** The one classifier for Trino JDBC failures. */
public final class TrinoErrors {

  private TrinoErrors() {}

  public static ErrorClass classify(SQLException e) {
    String text = String.valueOf(e.getMessage()).toUpperCase(Locale.ROOT);
    if (text.contains("ICEBERG_COMMIT_ERROR")
        || text.contains("FAILED TO COMMIT")
        || text.contains("COMMIT FAILED")) {
      return ErrorClass.RETRYABLE;
    }
    if (text.contains("QUERY WAS CANCELED")
        || text.contains("QUERY WAS CANCELLED")
        || text.contains("USER_CANCELED")) {
      return ErrorClass.CANCELLED;
    }
    // JDBC messages carry no error name: "Exceeded limit of 100 open writers for partitions: 101".
    if (text.contains("TOO_MANY_OPEN_PARTITIONS") || text.contains("OPEN WRITERS FOR PARTITIONS")) {
      return ErrorClass.TOO_MANY_PARTITIONS;
    }
    if (text.contains("EXCEEDED_") && text.contains("MEMORY")) {
      return ErrorClass.SPLIT;
    }
    if (e instanceof SQLTransientException
        || e instanceof SQLNonTransientConnectionException
        || text.contains("ERROR EXECUTING QUERY")
        || text.contains("SERVER_STARTING_UP")
        || text.contains("NO_NODES_AVAILABLE")) {
      return ErrorClass.RETRYABLE;
    }
    return ErrorClass.FATAL;
  }
}
