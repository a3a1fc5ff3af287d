package io.tidemark.connect.athena.sql;

import java.time.LocalDate;

/** Values as SQL literals. Nothing else in this module concatenates values into SQL. */
public final class SqlLiterals {

  private SqlLiterals() {}

  /**
   * {@code 'text'} with quotes doubled. NUL and other C0 control characters except tab, newline and
   * carriage return are rejected: neither engine needs them in a literal and they would hide text
   * in logs.
   */
  public static String string(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        throw new IllegalArgumentException(
            "control character U+"
                + String.format("%04X", (int) c)
                + " at index "
                + i
                + " cannot go into a SQL literal");
      }
      if (c == '\'') {
        b.append('\'');
      }
      b.append(c);
    }
    return b.append('\'').toString();
  }

  /** {@code DATE 'yyyy-mm-dd'}. */
  public static String date(LocalDate date) {
    return "DATE " + string(date.toString());
  }

  /** A whole number; parsing first means no text can pass for a number. */
  public static String integer(String value) {
    try {
      return Long.toString(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
    }
  }
}
