package io.tidemark.connect.athena.run;

import io.tidemark.connect.athena.engine.ErrorClass;
import io.tidemark.connect.athena.engine.QueryException;
import io.tidemark.connect.athena.engine.QueryResult;
import io.tidemark.connect.athena.engine.RetryingRunner;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.BatchPlanner;
import io.tidemark.connect.athena.plan.CommitEvent;
import io.tidemark.connect.athena.plan.MaintenanceSchedule;
import io.tidemark.connect.athena.plan.MergeBatch;
import io.tidemark.connect.athena.plan.RequestTokens;
import io.tidemark.connect.athena.sql.ObjectCounts;
import io.tidemark.connect.athena.sql.TargetPartitions;
import io.tidemark.connect.athena.sql.Tombstones;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the events of one table: plans batches within the limits, and for each counts the rows per
 * object against the commit events (one query), records the tombstones of hard deletes, runs the
 * downstream "before" statements, the MERGE, the "after" statements and any maintenance now due,
 * each through the {@link RetryingRunner}. A batch failing with {@link
 * ErrorClass#TOO_MANY_PARTITIONS} is sliced by target partition, one failing with {@link
 * ErrorClass#SPLIT} is halved, and the smaller batches run instead. Returns only when every event
 * is merged; anything else throws, and the caller must not commit the events.
 *
 * <p>Request tokens: each statement's purpose includes the batch's own token, so the same statement
 * text in two batches (the aggregate's recompute) never reuses a token, while a replay of the same
 * batch does (Athena then returns the execution it already ran, or the runner goes on to the next
 * attempt when that one ended FAILED or CANCELLED).
 */
public final class TableMerger {

  private static final Logger LOG = LoggerFactory.getLogger(TableMerger.class);

  /** Drain rounds in a row that may leave a downstream backlog no smaller before giving up. */
  static final int MAX_STUCK_ROUNDS = 20;

  private final RetryingRunner runner;
  private final BatchPlanner planner;
  private final MaintenanceSchedule maintenance;
  private final Downstream downstream;
  private final MergeStats stats;
  private final String logPrefix;

  public TableMerger(
      RetryingRunner runner,
      BatchPlanner planner,
      MaintenanceSchedule maintenance,
      Downstream downstream,
      MergeStats stats,
      String logPrefix) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.planner = Objects.requireNonNull(planner, "planner");
    this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.logPrefix = logPrefix;
  }

  /** Merges {@code events} (all of {@code mapping}'s topic); returns the MERGEs' bytes scanned. */
  public long merge(TableMapping mapping, Collection<CommitEvent> events) {
    Deque<MergeBatch> todo = new ArrayDeque<>(planner.plan(mapping, events));
    // Objects counted and tombstones recorded in this call: the halves and slices of a batch that
    // was too large do not repeat them.
    Set<String> accounted = new HashSet<>();
    Set<String> recorded = new HashSet<>();
    long scanned = 0;
    while (!todo.isEmpty()) {
      MergeBatch batch = todo.removeFirst();
      try {
        scanned += run(batch, accounted, recorded);
      } catch (QueryException e) {
        if (e.errorClass() != ErrorClass.SPLIT
            && e.errorClass() != ErrorClass.TOO_MANY_PARTITIONS) {
          throw e;
        }
        List<MergeBatch> parts = smaller(batch, e);
        stats.split();
        for (int i = parts.size() - 1; i >= 0; i--) {
          todo.addFirst(parts.get(i));
        }
      }
    }
    return scanned;
  }

  /**
   * A batch too large for one statement, as smaller batches: sliced by target partition when it
   * writes too many partitions (one object of a snapshot can hold rows of years of days, and
   * slicing a batch of many objects takes fewer statements than halving it down to single objects
   * first); otherwise halved while it has several objects.
   */
  private List<MergeBatch> smaller(MergeBatch batch, QueryException e) {
    String alias = batch.mapping().alias();
    String what =
        batch.events().size() == 1
            ? batch.events().get(0).uri()
            : batch.events().size() + " objects";
    if (e.errorClass() == ErrorClass.TOO_MANY_PARTITIONS
        && batch.slice().isEmpty()
        && planner.canSlice(batch.mapping())) {
      long tuples =
          count("partitions:" + alias, TargetPartitions.countSql(batch.mapping(), batch.scope()));
      List<MergeBatch> slices = planner.slices(batch, tuples);
      if (!slices.isEmpty()) {
        LOG.warn(
            "{}table {}: the rows of {} write {} target partition values, too many for one MERGE ({}); merging them in {} slices",
            logPrefix,
            alias,
            what,
            tuples,
            e.getMessage(),
            slices.size());
        return slices;
      }
    }
    if (batch.events().size() >= 2) {
      LOG.warn(
          "{}table {}: MERGE of {} is too large ({}); retrying in two halves",
          logPrefix,
          alias,
          what,
          e.getMessage());
      return planner.split(batch);
    }
    throw new QueryException(
        e.errorClass(),
        e.queryId().orElse(null),
        "table "
            + alias
            + ": the MERGE of "
            + what
            + batch.slice().map(s -> " (" + s + ")").orElse("")
            + " is too large for one statement and cannot be split further"
            + " (target partitioning "
            + batch.mapping().targetPartitioning()
            + "): "
            + e.getMessage(),
        e);
  }

  private long run(MergeBatch batch, Set<String> accounted, Set<String> recorded) {
    String alias = batch.mapping().alias();
    String id =
        RequestTokens.of("batch:" + alias, batch.sql(), 0)
            .substring(3, 19); // short: it goes into log lines
    account(batch, accounted, "account:" + alias + ":" + id);
    List<String> uris = batch.events().stream().map(CommitEvent::uri).toList();
    if (batch.mapping().hardDeletes() && !recorded.containsAll(uris)) {
      // Before the MERGE: a crash between the two leaves the tombstone, never a deleted key
      // without one.
      statement(
          "tombstones:" + alias + ":" + id, Tombstones.record(batch.mapping(), batch.scope()));
      recorded.addAll(uris);
    }
    int step = 0;
    // The slices of one object share its scope: the downstream runs before the first, after the
    // last.
    boolean first = batch.slice().map(s -> s.index() == 0).orElse(true);
    boolean last = batch.slice().map(s -> s.index() == s.count() - 1).orElse(true);
    for (String sql : first ? downstream.before(batch) : List.<String>of()) {
      statement("before:" + alias + ":" + id + ":" + step++, sql);
    }
    QueryResult merge = statement("merge:" + alias + ":" + id, batch.sql());
    long objectBytes = batch.events().stream().mapToLong(CommitEvent::bytes).sum();
    LOG.info(
        "{}table {}: merged {} objects ({} bytes landed{}) into {}: query {}, {} bytes scanned, {} ms",
        logPrefix,
        alias,
        batch.events().size(),
        objectBytes,
        batch.slice().map(s -> ", " + s).orElse(""),
        batch.mapping().target(),
        merge.queryId(),
        merge.bytesScanned(),
        merge.elapsed().toMillis());
    if (last) {
      for (String sql : downstream.after(batch)) {
        statement("after:" + alias + ":" + id + ":" + step++, sql);
      }
      drain(batch, "drain:" + alias + ":" + id);
    }
    stats.merge(batch.events().size(), merge.bytesScanned());
    for (String sql : maintenance.afterMerge(batch.mapping())) {
      // Maintenance is not part of the exactly-once path: a failure here is logged, not fatal.
      try {
        statement("maintenance:" + alias + ":" + id + ":" + step++, sql);
      } catch (QueryException e) {
        LOG.warn(
            "{}table {}: maintenance failed, will run again later: {}",
            logPrefix,
            alias,
            e.getMessage());
      }
    }
    return Math.max(0, merge.bytesScanned());
  }

  /**
   * Runs the downstream's bounded rounds until its backlog is empty. A round whose tokens an
   * earlier, crashed run of this batch already used is answered from that run (Athena) and changes
   * nothing now; so only rounds that keep not shrinking the backlog count as stuck.
   */
  private void drain(MergeBatch batch, String purpose) {
    Optional<String> backlog = downstream.backlog(batch);
    if (backlog.isEmpty()) {
      return;
    }
    long left = count(purpose + ":backlog", backlog.get());
    long least = left;
    int stuck = 0;
    for (int round = 0; left > 0; round++) {
      int step = 0;
      for (String sql : downstream.drain(batch)) {
        statement(purpose + ":" + round + ":" + step++, sql);
      }
      left = count(purpose + ":backlog", backlog.get());
      stuck = left < least ? 0 : stuck + 1;
      least = Math.min(least, left);
      if (stuck > MAX_STUCK_ROUNDS) {
        throw new QueryException(
            ErrorClass.FATAL,
            null,
            "table "
                + batch.mapping().alias()
                + ": "
                + MAX_STUCK_ROUNDS
                + " rounds of downstream statements left their backlog at "
                + left
                + " ("
                + backlog.get()
                + ")",
            null);
      }
    }
  }

  /**
   * One query per batch, before anything is written: the rows the engine reads per object ({@code
   * "$path"}) must equal each commit event's {@code recordCount} (the rows the S3 sink wrote into
   * it). An object it reads fewer or more rows of, or none (a folder outside the partition
   * projection, a missing object, a layout the landing table does not match), fails the batch,
   * naming the table, the object and its offsets.
   */
  private void account(MergeBatch batch, Set<String> accounted, String purpose) {
    List<CommitEvent> open =
        batch.events().stream().filter(e -> !accounted.contains(e.uri())).toList();
    if (open.isEmpty()) {
      return;
    }
    Map<String, Long> read = new HashMap<>();
    for (List<String> row :
        runner.query(purpose, ObjectCounts.sql(batch.mapping(), batch.scope()))) {
      if (row.size() != 2 || row.get(0) == null || row.get(1) == null) {
        throw new QueryException(
            ErrorClass.FATAL, null, purpose + ": expected \"$path\" and a count, got " + row, null);
      }
      read.put(row.get(0), Long.parseLong(row.get(1).trim()));
    }
    List<String> wrong = new ArrayList<>();
    for (CommitEvent e : open) {
      long n = read.getOrDefault(e.uri(), 0L);
      if (n != e.recordCount()) {
        wrong.add(
            "object "
                + e.uri()
                + " ("
                + e.sourceTopic()
                + "-"
                + e.partition()
                + " offsets "
                + e.startOffset()
                + ".."
                + e.endOffset()
                + "): read "
                + n
                + " rows, its commit event says "
                + e.recordCount()
                + (n == 0
                    ? " (is its folder "
                        + e.partitionValues()
                        + " inside table."
                        + batch.mapping().alias()
                        + ".landing.partitions, and the object still there?)"
                    : ""));
      }
    }
    if (!wrong.isEmpty()) {
      throw new QueryException(
          ErrorClass.FATAL,
          null,
          "table "
              + batch.mapping().alias()
              + ": "
              + String.join("; ", wrong)
              + ". Nothing of this batch was merged",
          null);
    }
    open.forEach(e -> accounted.add(e.uri()));
  }

  private long count(String purpose, String sql) {
    List<List<String>> rows = runner.query(purpose, sql);
    if (rows.size() != 1 || rows.get(0).size() != 1 || rows.get(0).get(0) == null) {
      throw new QueryException(
          ErrorClass.FATAL,
          null,
          purpose + ": expected one number from " + sql + ", got " + rows,
          null);
    }
    return Long.parseLong(rows.get(0).get(0).trim());
  }

  private QueryResult statement(String purpose, String sql) {
    QueryResult r = runner.run(purpose, sql);
    stats.statement(r.bytesScanned());
    return r;
  }
}
