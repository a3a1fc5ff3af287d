package io.tidemark.connect.athena.plan;

import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.sql.DdlGenerator;
import io.tidemark.connect.athena.sql.Tombstones;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts successful merges per table and says when OPTIMIZE and VACUUM are due ({@code
 * maintenance.optimize.every.merges}, {@code maintenance.vacuum.every.merges}; 0 = never). The
 * vacuum also purges the hard-delete tombstones older than {@code delete.tombstone.retention.ms}
 * (never purging only keeps them longer, which is safe). Counts live in memory: after a restart the
 * count starts again, which only delays maintenance. Not thread-safe; one writer per table owns it.
 */
public final class MaintenanceSchedule {

  private final DdlGenerator ddl;
  private final int optimizeEvery;
  private final int vacuumEvery;
  private final Duration tombstoneRetention;
  private final Map<String, Long> merges = new HashMap<>();

  /** With the default tombstone retention ({@link #DEFAULT_TOMBSTONE_RETENTION}). */
  public MaintenanceSchedule(DdlGenerator ddl, int optimizeEvery, int vacuumEvery) {
    this(ddl, optimizeEvery, vacuumEvery, DEFAULT_TOMBSTONE_RETENTION);
  }

  /** 14 days: Kafka's default retention.ms plus segment.ms (README "Deletes stay deleted"). */
  public static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofDays(14);

  /**
   * @param tombstoneRetention how long a hard-deleted key's tombstone is kept; purged with the
   *     vacuum
   */
  public MaintenanceSchedule(
      DdlGenerator ddl, int optimizeEvery, int vacuumEvery, Duration tombstoneRetention) {
    if (optimizeEvery < 0 || vacuumEvery < 0) {
      throw new IllegalArgumentException("maintenance intervals must be >= 0");
    }
    this.ddl = ddl;
    this.optimizeEvery = optimizeEvery;
    this.vacuumEvery = vacuumEvery;
    this.tombstoneRetention = tombstoneRetention;
  }

  /**
   * Records one successful merge into {@code table}; returns the statements now due, OPTIMIZE
   * first.
   */
  public List<String> afterMerge(TableMapping table) {
    long n = merges.merge(table.alias(), 1L, Long::sum);
    List<String> due = new ArrayList<>();
    if (optimizeEvery > 0 && n % optimizeEvery == 0) {
      due.add(ddl.optimize(table));
    }
    if (vacuumEvery > 0 && n % vacuumEvery == 0) {
      if (table.hardDeletes()) {
        due.add(Tombstones.purge(table, tombstoneRetention));
      }
      due.addAll(ddl.vacuum(table));
    }
    return due;
  }
}
