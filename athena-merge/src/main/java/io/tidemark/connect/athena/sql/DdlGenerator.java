package io.tidemark.connect.athena.sql;

import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.List;

/**
 * DDL and maintenance statements of one engine. DML is shared ({@link MergeSql}); DDL is not,
 * because Trino rejects Athena's Hive-style DDL.
 */
public interface DdlGenerator {

  /**
   * The external table over the S3 sink's layout, with partition projection (no MSCK, no crawler).
   */
  String createLanding(TableMapping mapping);

  /** The Iceberg target table with its partitioning. */
  String createTarget(TableMapping mapping);

  /**
   * The Iceberg table of hard-deleted keys' positions beside the target ({@link Tombstones}),
   * unpartitioned: it holds one small row per key deleted within the retention.
   */
  String createTombstones(TableMapping mapping);

  /** Adds columns to the landing table (schema evolution). One or more statements. */
  List<String> addLandingColumns(TableMapping mapping, List<Column> columns);

  /** Adds columns to the target table (schema evolution). One or more statements. */
  List<String> addTargetColumns(TableMapping mapping, List<Column> columns);

  /** Compacts small files of the target. */
  String optimize(TableMapping mapping);

  /** Expires snapshots and removes files no snapshot needs. One or more statements. */
  List<String> vacuum(TableMapping mapping);
}
