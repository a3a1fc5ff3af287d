/**
 * Identifier rules for the SQL engines Tidemark writes to: which names Redshift and Athena accept
 * unquoted, how to turn an arbitrary source name into one, how to quote it, and how to rename a
 * whole set of names without silently merging two of them.
 *
 * <p>Pure Java, no Kafka types: the SMTs, the Redshift sink and the Athena merge share it.
 */
package io.tidemark.common.identifiers;
