/**
 * The Redshift Data API stand-in: ExecuteStatement, BatchExecuteStatement (one transaction),
 * DescribeStatement, GetStatementResult, CancelStatement and ListStatements, executed
 * asynchronously on the stack's PostgreSQL with real SUBMITTED / PICKED / STARTED / FINISHED /
 * FAILED / ABORTED states.
 *
 * <p>Strict where Redshift is stricter ({@link io.tidemark.stack.redshift.RedshiftSqlRules}),
 * rewritten where Redshift SQL is not PostgreSQL ({@link
 * io.tidemark.stack.redshift.RedshiftRewriter}), COPY from S3 emulated ({@link
 * io.tidemark.stack.redshift.CopyLoader}), faults injectable ({@link
 * io.tidemark.stack.redshift.RedshiftFaults}), transactions at Redshift's snapshot isolation by
 * default or serializable ({@link io.tidemark.stack.redshift.RedshiftIsolation}), a lost conflict
 * ending FAILED with Redshift's error 1023 text.
 *
 * <p>Known gaps (the full list is in the module README, "Redshift rules the stand-in enforces"):
 * {@code LIKE} patterns on names longer than 63 bytes see PostgreSQL's short names; compatibility
 * functions ({@code FROM_HEX}, {@code JSON_PARSE}, {@code GETDATE}) exist in database {@code dev}
 * only; result sets are capped at 100,000 rows; statements are kept in memory for the stack's life.
 */
package io.tidemark.stack.redshift;
