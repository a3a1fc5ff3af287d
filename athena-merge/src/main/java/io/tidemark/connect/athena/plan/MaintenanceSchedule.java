package io.tidemark.connect.athena.plan;

import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.sql.DdlGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts successful merges per table and says when OPTIMIZE and VACUUM are due ({@code
 * maintenance.optimize.every.merges}, {@code maintenance.vacuum.every.merges}; 0 = never). Counts
 * live in memory: after a restart the count starts again, which only delays maintenance. Not
 * thread-safe; one writer per table owns it.
 */
public final class MaintenanceSchedule {

  private final DdlGenerator ddl;
  private final int optimizeEvery;
  private final int vacuumEvery;
  private final Map<String, Long> merges = new HashMap<>();

  public MaintenanceSchedule(DdlGenerator ddl, int optimizeEvery, int vacuumEvery) {
    if (optimizeEvery < 0 || vacuumEvery < 0) {
      throw new IllegalArgumentException("maintenance intervals must be >= 0");
    }
    this.ddl = ddl;
    this.optimizeEvery = optimizeEvery;
    this.vacuumEvery = vacuumEvery;
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
      due.addAll(ddl.vacuum(table));
    }
    return due;
  }
}
