/**
 * Conversions from Debezium's semantic types to standard Connect logical types or strings, as
 * {@link io.tidemark.connect.smt.path.Rewrite}s compiled once per schema. No Transformation
 * plumbing here.
 */
package io.tidemark.connect.smt.types;
