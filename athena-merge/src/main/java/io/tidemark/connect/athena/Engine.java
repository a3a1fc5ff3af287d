package io.tidemark.connect.athena;

import io.tidemark.connect.athena.sql.AthenaDdl;
import io.tidemark.connect.athena.sql.DdlGenerator;
import io.tidemark.connect.athena.sql.TrinoDdl;
import java.util.Locale;

/** Where the SQL runs. DML is shared; DDL and maintenance differ. */
public enum Engine {
  /** Amazon Athena engine v3 through the AWS SDK. */
  ATHENA,
  /** Trino through JDBC (also the local stand-in for Athena). */
  TRINO;

  /** Parses {@code athena} / {@code trino}; fails on anything else. */
  public static Engine parse(String value) {
    for (Engine e : values()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown engine '" + value + "', expected one of: athena, trino");
  }

  /**
   * @param retention Trino's snapshot retention for vacuum, e.g. {@code 7d}
   */
  public DdlGenerator ddl(String retention) {
    return this == ATHENA ? new AthenaDdl() : new TrinoDdl(retention);
  }
}
