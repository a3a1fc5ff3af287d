/**
 * The statement runner port, its Athena (AWS SDK) and Trino (JDBC) adapters, error classes and
 * retries.
 */
package io.tidemark.connect.athena.engine;
