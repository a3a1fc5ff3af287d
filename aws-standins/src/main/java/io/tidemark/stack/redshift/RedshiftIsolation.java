package io.tidemark.stack.redshift;

import java.sql.Connection;

/**
 * The isolation the stand-in runs transactions at, like Redshift's database setting: {@link
 * #SNAPSHOT} (Redshift's default for new clusters and Serverless; PostgreSQL REPEATABLE READ) or
 * {@link #SERIALIZABLE} (PostgreSQL SERIALIZABLE). Either way a transaction that loses a conflict
 * with a concurrent one ends FAILED with Redshift's error 1023 text.
 */
public enum RedshiftIsolation {
  SNAPSHOT(Connection.TRANSACTION_REPEATABLE_READ),
  SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

  private final int jdbcLevel;

  RedshiftIsolation(int jdbcLevel) {
    this.jdbcLevel = jdbcLevel;
  }

  int jdbcLevel() {
    return jdbcLevel;
  }
}
