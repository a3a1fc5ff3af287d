/**
 * Debezium change-event envelopes, independent of the Transformation plumbing: classifying a record
 * (change, schema change, other), reading the envelope with or without a schema, and encoding a
 * sortable change position.
 */
package io.tidemark.connect.smt.cdc;
