package io.tidemark.connect.smt.cdc;

import org.apache.kafka.connect.errors.DataException;

/** Debezium's {@code op} codes. */
public enum Operation {
  CREATE("c"),
  UPDATE("u"),
  DELETE("d"),
  READ("r"),
  TRUNCATE("t"),
  MESSAGE("m");

  private final String code;

  Operation(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The operation for a code; an unknown or missing code is a {@link DataException}. */
  public static Operation fromCode(Object code) {
    if (code instanceof String s && s.length() == 1) {
      switch (s.charAt(0)) {
        case 'c':
          return CREATE;
        case 'u':
          return UPDATE;
        case 'd':
          return DELETE;
        case 'r':
          return READ;
        case 't':
          return TRUNCATE;
        case 'm':
          return MESSAGE;
        default:
          break;
      }
    }
    throw new DataException(
        "field 'op': unknown Debezium operation "
            + (code == null ? "null" : "'" + code + "'")
            + ", expected one of c, u, d, r, t, m");
  }
}
