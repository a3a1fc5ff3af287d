/** The Athena/Trino Iceberg MERGE companion connector (issue: Athena MERGE). */
package io.tidemark.connect.athena;
