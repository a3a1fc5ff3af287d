/**
 * What is merged where: table mappings, columns and types, landing partitions, Iceberg
 * partitioning. Pure.
 */
package io.tidemark.connect.athena.mapping;
