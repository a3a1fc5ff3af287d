package io.tidemark.connect.redshift.sql;

/**
 * Redshift Data API limits: at most 40 statements in one BatchExecuteStatement and statements
 * smaller than 100 KB. The defaults stay a little below the hard limits.
 */
public record StatementLimits(int maxStatements, int maxStatementBytes) {
  public static final int HARD_MAX_STATEMENTS = 40;

  /**
   * The fewest statements a transaction can do with: the offsets table's LOCK (at SERIALIZABLE) and
   * the fence, a stage's create, an INSERT, apply (2) and drop, the offsets DELETE and INSERT and
   * the fence's drop.
   */
  public static final int MIN_STATEMENTS = 10;

  public static final int HARD_MAX_STATEMENT_BYTES = 100 * 1024;

  public StatementLimits {
    if (maxStatements < MIN_STATEMENTS || maxStatements > HARD_MAX_STATEMENTS) {
      throw new IllegalArgumentException(
          "maxStatements must be within [" + MIN_STATEMENTS + ", 40], was " + maxStatements);
    }
    if (maxStatementBytes < 4096 || maxStatementBytes >= HARD_MAX_STATEMENT_BYTES) {
      throw new IllegalArgumentException(
          "maxStatementBytes must be within [4096, 102399], was " + maxStatementBytes);
    }
  }

  public static StatementLimits defaults() {
    return new StatementLimits(HARD_MAX_STATEMENTS, 100_000);
  }
}
