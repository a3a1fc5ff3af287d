package io.tidemark.connect.redshift.sql;

import org.apache.kafka.connect.errors.DataException;

/** Readable reasons for exceptions that make a record bad. */
public final class Reasons {

  private Reasons() {}

  /**
   * The message of a {@link DataException}; for anything else (a {@code DateTimeException}, a
   * {@code ClassCastException}, ...) its type too, since such messages rarely say what failed.
   */
  public static String of(RuntimeException e) {
    if (e instanceof DataException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
