/**
 * The Athena API stand-in: AmazonAthena StartQueryExecution, GetQueryExecution, GetQueryResults and
 * StopQueryExecution on the stack's AWS JSON endpoint, executed on the stack's Trino (Athena engine
 * v3 is Trino-based). DML runs unchanged; only the Athena DDL forms Tidemark generates are
 * translated, anything else is refused.
 */
package io.tidemark.stack.athena;
