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
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the events of one table: plans batches within the limits, and for each runs the
 * downstream "before" statements, the MERGE, the "after" statements and any maintenance now
 * due, each through the {@link RetryingRunner}. A batch failing with {@link ErrorClass#SPLIT}
 * is halved and its halves run instead. Returns only when every event is merged; anything else
 * throws, and the caller must not commit the events.
 *
 * <p>Request tokens: each statement's purpose includes the batch's own token, so the same
 * statement text in two batches (the aggregate's recompute) never reuses a token, while a
 * replay of the same batch does (Athena then returns the execution it already ran).
 */
public final class TableMerger {

    private static final Logger LOG = LoggerFactory.getLogger(TableMerger.class);

    private final RetryingRunner runner;
    private final BatchPlanner planner;
    private final MaintenanceSchedule maintenance;
    private final Downstream downstream;
    private final MergeStats stats;
    private final String logPrefix;

    public TableMerger(RetryingRunner runner, BatchPlanner planner, MaintenanceSchedule maintenance, Downstream downstream,
            MergeStats stats, String logPrefix) {
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
        long scanned = 0;
        while (!todo.isEmpty()) {
            MergeBatch batch = todo.removeFirst();
            try {
                scanned += run(batch);
            } catch (QueryException e) {
                if (e.errorClass() != ErrorClass.SPLIT || batch.events().size() < 2) {
                    throw e;
                }
                List<MergeBatch> halves = planner.split(batch);
                stats.split();
                LOG.warn("{}table {}: MERGE of {} objects is too large ({}); retrying in two halves",
                        logPrefix, mapping.alias(), batch.events().size(), e.getMessage());
                todo.addFirst(halves.get(1));
                todo.addFirst(halves.get(0));
            }
        }
        return scanned;
    }

    private long run(MergeBatch batch) {
        String alias = batch.mapping().alias();
        String id = RequestTokens.of("batch:" + alias, batch.sql(), 0).substring(3, 19); // short: it goes into log lines
        int step = 0;
        for (String sql : downstream.before(batch)) {
            statement("before:" + alias + ":" + id + ":" + step++, sql);
        }
        QueryResult merge = statement("merge:" + alias + ":" + id, batch.sql());
        long objectBytes = batch.events().stream().mapToLong(CommitEvent::bytes).sum();
        LOG.info("{}table {}: merged {} objects ({} bytes landed) into {}: query {}, {} bytes scanned, {} ms",
                logPrefix, alias, batch.events().size(), objectBytes, batch.mapping().target(), merge.queryId(),
                merge.bytesScanned(), merge.elapsed().toMillis());
        for (String sql : downstream.after(batch)) {
            statement("after:" + alias + ":" + id + ":" + step++, sql);
        }
        stats.merge(batch.events().size(), merge.bytesScanned());
        for (String sql : maintenance.afterMerge(batch.mapping())) {
            // Maintenance is not part of the exactly-once path: a failure here is logged, not fatal.
            try {
                statement("maintenance:" + alias + ":" + id + ":" + step++, sql);
            } catch (QueryException e) {
                LOG.warn("{}table {}: maintenance failed, will run again later: {}", logPrefix, alias, e.getMessage());
            }
        }
        return Math.max(0, merge.bytesScanned());
    }

    private QueryResult statement(String purpose, String sql) {
        QueryResult r = runner.run(purpose, sql);
        stats.statement(r.bytesScanned());
        return r;
    }
}
