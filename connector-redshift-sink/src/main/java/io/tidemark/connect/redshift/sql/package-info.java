/**
 * Redshift SQL for the sink, Kafka-free apart from Connect's data and error types: identifier
 * quoting in one place ({@link io.tidemark.connect.redshift.sql.RedshiftNames}), value literals
 * ({@link io.tidemark.connect.redshift.sql.SqlLiterals}), type mapping ({@link
 * io.tidemark.connect.redshift.sql.TypeMapping}), DDL, and the planners that turn a batch of
 * changes into Data API transactions for the insert and copy load paths.
 */
package io.tidemark.connect.redshift.sql;
