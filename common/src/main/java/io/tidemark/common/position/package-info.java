/**
 * Change-position lineage: detects, per Kafka topic partition, a change position that goes back
 * because the source's log lineage changed (fail-over, RESET MASTER, restore), as opposed to
 * Debezium re-sending changes after a restart.
 *
 * <p>Pure Java, no Kafka types: the Redshift sink and the MERGE companion share it.
 */
package io.tidemark.common.position;
