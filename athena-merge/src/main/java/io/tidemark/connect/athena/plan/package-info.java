/**
 * Commit events to deterministic MERGE batches within Athena's limits, and request tokens. Pure.
 */
package io.tidemark.connect.athena.plan;
