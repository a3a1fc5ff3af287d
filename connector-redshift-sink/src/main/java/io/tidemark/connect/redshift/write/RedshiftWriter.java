package io.tidemark.connect.redshift.write;

import io.tidemark.connect.redshift.dataapi.ClientTokens;
import io.tidemark.connect.redshift.dataapi.DataApiErrors;
import io.tidemark.connect.redshift.dataapi.StatementRunner;
import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.ColumnDef;
import io.tidemark.connect.redshift.sql.CopyPathPlanner;
import io.tidemark.connect.redshift.sql.DdlBuilder;
import io.tidemark.connect.redshift.sql.InsertPathPlanner;
import io.tidemark.connect.redshift.sql.LoadErrors;
import io.tidemark.connect.redshift.sql.OffsetsTable;
import io.tidemark.connect.redshift.sql.Reasons;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.SourceOffset.TopicPartitionKey;
import io.tidemark.connect.redshift.sql.TableChanges;
import io.tidemark.connect.redshift.sql.TableDef;
import io.tidemark.connect.redshift.sql.Transaction;
import io.tidemark.connect.redshift.sql.Watermarks;
import io.tidemark.connect.redshift.staging.CopyStager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of changes exactly once: tables are created or evolved as configured, changes
 * Redshift would reject are screened out first ({@link RowScreen}) and handed to a {@link
 * BadChanges} handler, and every transaction commits its rows and their offsets together. Changes
 * at offsets already committed (a redelivery after a failure or a restart) are skipped. A write of
 * at least {@link CopyLoad#minRows()} changes goes through S3 and COPY when a copy load is
 * configured, else through multi-row INSERTs. Kafka-free: the task feeds it {@link TableChanges}
 * and reports {@link #committed()} from preCommit.
 */
public final class RedshiftWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RedshiftWriter.class);

  /**
   * What the writer may do to tables, and whether a schema conflict is a bad record (true) or
   * fatal.
   */
  public record TablePolicy(
      boolean autoCreate, boolean autoEvolve, boolean incompatibleIsBadRecord) {
    public TablePolicy(boolean autoCreate, boolean autoEvolve) {
      this(autoCreate, autoEvolve, false);
    }
  }

  /** The copy load path: staging, its planner, and the smallest write that uses it. */
  public record CopyLoad(CopyStager stager, CopyPathPlanner planner, int minRows) {
    public CopyLoad {
      Objects.requireNonNull(stager, "stager");
      Objects.requireNonNull(planner, "planner");
    }
  }

  /**
   * Receives each change that cannot be written; throws to stop the write (nothing is written
   * then).
   */
  @FunctionalInterface
  public interface BadChanges {
    void reject(SourceOffset source, String message);

    /** Fails on the first bad change. */
    BadChanges FAIL =
        (source, message) -> {
          throw new DataException(message);
        };
  }

  private final StatementRunner runner;
  private final DdlBuilder ddl;
  private final InsertPathPlanner planner;
  private final Optional<CopyLoad> copy;
  private final OffsetsTable offsets;
  private final TablePolicy policy;
  private final RowScreen screen;
  private final String logContext;
  private final WriterStats stats;
  private final Map<String, Map<String, TargetColumn>> knownColumns = new HashMap<>();

  /** Whether the task checks position lineage; off, the offsets rows keep no mark (NULL). */
  private boolean lineageChecked = true;

  /** Columns Redshift refused to widen in place: tried once per task, then left to the screen. */
  private final Set<String> wideningRefused = new HashSet<>();

  /**
   * The offsets rows as this writer last read or wrote them: what every transaction's guard
   * expects. {@link OffsetsTable#NOTHING_COMMITTED} for a claimed row with nothing committed.
   */
  private final Map<TopicPartitionKey, Long> committed = new TreeMap<>();

  /** Per partition: transactions fenced since this writer last committed it. */
  private final Map<TopicPartitionKey, Integer> fencedInARow = new HashMap<>();

  private boolean uncertain;

  /** Position lineage marks per partition and offset, stored with the offsets. */
  private final LineageMarks lineage = new LineageMarks();

  /**
   * Every transaction opens with a LOCK of the offsets table: under SERIALIZABLE isolation, where
   * two overlapping transactions that each read and write the offsets table always conflict.
   */
  private boolean lockOffsetsFirst;

  private int abortMaxAttempts = 10;

  /** Failures in a row (no transaction committed in between) by their cause. */
  private int abortsInARow;

  private int connectivityInARow;

  public RedshiftWriter(
      StatementRunner runner,
      DdlBuilder ddl,
      InsertPathPlanner planner,
      OffsetsTable offsets,
      TablePolicy policy,
      String connectorName,
      String logContext) {
    this(runner, ddl, planner, Optional.empty(), offsets, policy, logContext, new WriterStats());
  }

  public RedshiftWriter(
      StatementRunner runner,
      DdlBuilder ddl,
      InsertPathPlanner planner,
      Optional<CopyLoad> copy,
      OffsetsTable offsets,
      TablePolicy policy,
      String logContext,
      WriterStats stats) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.ddl = Objects.requireNonNull(ddl, "ddl");
    this.planner = Objects.requireNonNull(planner, "planner");
    this.copy = Objects.requireNonNull(copy, "copy");
    this.offsets = Objects.requireNonNull(offsets, "offsets");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.logContext = Objects.requireNonNull(logContext, "logContext");
    this.stats = Objects.requireNonNull(stats, "stats");
    this.screen = new RowScreen(planner.mode());
  }

  /**
   * {@link #start(Collection)} claiming no partition yet (each is claimed before its first load).
   */
  public Map<TopicPartitionKey, Long> start() {
    return start(List.of());
  }

  /**
   * Creates the offsets table if needed, {@linkplain OffsetsTable#claim claims} the offsets rows of
   * {@code partitions} and loads what is committed: where the task seeks on open.
   */
  public Map<TopicPartitionKey, Long> start(Collection<TopicPartitionKey> partitions) {
    createOffsetsTable();
    if (!partitions.isEmpty()) {
      runner.executeBatch(offsets.claim(partitions), ClientTokens.fresh());
    }
    committed.clear();
    List<List<String>> rows = runner.query(offsets.selectCommitted());
    committed.putAll(OffsetsTable.parseCommitted(rows));
    lineage.load(committed, OffsetsTable.parseLineage(rows));
    LOG.info("{} committed offsets in Redshift: {}", logContext, committed());
    return committed();
  }

  /**
   * {@code CREATE TABLE IF NOT EXISTS} of the offsets table. Tasks opening at once on a fresh
   * database race: all but one can fail although the table now exists (PostgreSQL reports a
   * duplicate catalog key). A failure that is not transient is therefore only real if the table
   * still cannot be read; transient ones go to the caller's retries as before.
   */
  private void createOffsetsTable() {
    try {
      runner.executeBatch(List.of(offsets.createTable()), ClientTokens.fresh());
    } catch (org.apache.kafka.connect.errors.RetriableException e) {
      throw e;
    } catch (RuntimeException failed) {
      try {
        runner.query(offsets.selectCommitted());
      } catch (RuntimeException missing) {
        failed.addSuppressed(missing);
        throw failed;
      }
      LOG.info(
          "{} creating the offsets table failed, but another task created it: {}",
          logContext,
          failed.getMessage());
    }
    addLineageColumnIfMissing();
  }

  /**
   * An offsets table created before the position lineage column existed gets it (NULL: nothing
   * checked yet). Another task may add it first: fine when it is there afterwards.
   */
  private void addLineageColumnIfMissing() {
    if (!runner.query(offsets.lineageColumnQuery()).isEmpty()) {
      return;
    }
    try {
      runner.executeBatch(List.of(offsets.addLineageColumn()), ClientTokens.fresh());
      LOG.info("{} added column {} to the offsets table", logContext, OffsetsTable.LINEAGE);
    } catch (org.apache.kafka.connect.errors.RetriableException e) {
      throw e;
    } catch (RuntimeException failed) {
      if (runner.query(offsets.lineageColumnQuery()).isEmpty()) {
        throw failed;
      }
    }
  }

  /** A change and what the position lineage check reads from it. */
  public record Positioned(SourceOffset source, String position, Long sourceTs) {}

  /**
   * What {@link #checkLineage} found: the changes before the first lineage break (all of them when
   * there is none) and the break, or null.
   */
  public record LineageCheck(int accepted, ConnectException lineageBreak) {}

  /**
   * Checks the position lineage of {@code changes} (every record of a put, in Kafka order per
   * partition; those below the committed offsets are skipped) before anything of them is written,
   * up to the first change whose position goes back and is not Debezium re-sending older changes
   * ({@link io.tidemark.common.position.PositionLineage}). The caller writes the changes before it
   * (so that raising the position epoch applies from the break on) and then fails the task with the
   * break, which names the topic, partition, offset, both positions and the remedy: a {@link
   * ConnectException}, not retriable, since the same records would break the same way.
   */
  /** Turns the position lineage marks off (the check is disabled): rows are written without. */
  public void lineageChecked(boolean on) {
    lineageChecked = on;
  }

  public LineageCheck checkLineage(List<Positioned> changes) {
    for (int i = 0; i < changes.size(); i++) {
      Positioned change = changes.get(i);
      Long next = committed.get(change.source().partitionKey());
      if (next != null && change.source().offset() < next) {
        continue;
      }
      try {
        lineage.check(change.source(), change.position(), change.sourceTs());
      } catch (io.tidemark.common.position.LineageBreakException e) {
        LOG.error("{} {}", logContext, e.getMessage());
        return new LineageCheck(i, new ConnectException(logContext + " " + e.getMessage(), e));
      }
    }
    return new LineageCheck(changes.size(), null);
  }

  /**
   * Offsets durably written (next offset to read) per topic partition; a partition with nothing
   * committed is absent.
   */
  public Map<TopicPartitionKey, Long> committed() {
    Map<TopicPartitionKey, Long> out = new TreeMap<>();
    committed.forEach(
        (tp, next) -> {
          if (next != OffsetsTable.NOTHING_COMMITTED) {
            out.put(tp, next);
          }
        });
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * Claims the offsets row of every partition of this write that this writer has not seen yet, then
   * re-reads them: before the changes are filtered by the committed offsets, so the filter and the
   * guard agree.
   */
  private void claimUnseen(List<TableChanges> batch, Map<TopicPartitionKey, Long> handled) {
    java.util.Set<TopicPartitionKey> unseen = new java.util.TreeSet<>();
    batch.forEach(t -> t.rows().forEach(r -> unseen.add(r.source().partitionKey())));
    unseen.addAll(handled.keySet());
    unseen.removeAll(committed.keySet());
    if (!unseen.isEmpty()) {
      runner.executeBatch(offsets.claim(unseen), ClientTokens.fresh());
      rereadCommitted();
      // Claimed but not read back (cannot happen on Redshift): expecting the claim's value then
      // fences the write rather than letting it expect "no row".
      unseen.forEach(tp -> committed.putIfAbsent(tp, OffsetsTable.NOTHING_COMMITTED));
    }
  }

  /**
   * How many transactions of {@code partition} were fenced in a row, with this writer committing
   * none of its offsets in between: the task's bound on a partition it keeps losing.
   */
  public int fencedInARow(TopicPartitionKey partition) {
    return fencedInARow.getOrDefault(partition, 0);
  }

  /** Forgets the fence counts of partitions the task no longer owns. */
  public void forget(Collection<TopicPartitionKey> partitions) {
    partitions.forEach(fencedInARow::remove);
    lineage.forget(partitions);
  }

  public WriterStats stats() {
    return stats;
  }

  /**
   * How many times in a row a write may fail ABORTED or in a serialization conflict before the task
   * fails ({@code redshift.transaction.abort.max.attempts}).
   */
  public RedshiftWriter abortMaxAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    this.abortMaxAttempts = attempts;
    return this;
  }

  /** {@link #write(List, Map, BadChanges)} with nothing else handled, failing on a bad change. */
  public Map<TopicPartitionKey, Long> write(List<TableChanges> batch) {
    return write(batch, Map.of(), BadChanges.FAIL);
  }

  /**
   * Writes {@code batch}; returns the offsets committed so far. {@code handled} holds the next
   * offset per partition of everything the caller dealt with for this batch (including records it
   * skipped, such as ignored tombstones); the last transaction commits those too, so the offsets
   * table reaches the end of what was consumed. After a failed call the next one first re-reads the
   * committed offsets: a transaction whose outcome was unknown (a lost response, a timeout) may
   * have committed, and its changes must not be written twice.
   */
  public Map<TopicPartitionKey, Long> write(
      List<TableChanges> batch, Map<TopicPartitionKey, Long> handled, BadChanges bad) {
    while (true) {
      try {
        Map<TopicPartitionKey, Long> done = writeOnce(batch, handled, bad);
        abortsInARow = 0;
        connectivityInARow = 0;
        return done;
      } catch (OffsetsFencedException e) {
        throw e;
      } catch (RetriableException e) {
        if (lockOffsetsFirst
            || DataApiErrors.cause(e) != DataApiErrors.Cause.CONFLICT
            || !databaseIsSerializable()) {
          throw failedWrite(e);
        }
        lockOffsetsFirst = true;
        LOG.info(
            "{} the database runs at SERIALIZABLE isolation and a transaction lost a conflict ({}):"
                + " from now on every transaction locks the offsets table first; writing again",
            logContext,
            e.getMessage());
      }
    }
  }

  /**
   * Whether the database says it runs at SERIALIZABLE isolation; false when that cannot be read
   * (then conflicts are counted as any other, see the README).
   */
  private boolean databaseIsSerializable() {
    try {
      List<List<String>> rows = runner.query(OffsetsTable.isolationLevelQuery());
      return !rows.isEmpty()
          && !rows.get(0).isEmpty()
          && rows.get(0).get(0) != null
          && rows.get(0)
              .get(0)
              .trim()
              .toLowerCase(java.util.Locale.ROOT)
              .startsWith("serializable");
    } catch (RuntimeException e) {
      LOG.info("{} cannot read the database's isolation level: {}", logContext, e.getMessage());
      return false;
    }
  }

  /**
   * Whether every transaction opens with a {@code LOCK} of the offsets table (set once a conflict
   * showed the database runs at SERIALIZABLE isolation).
   */
  public boolean locksOffsetsFirst() {
    return lockOffsetsFirst;
  }

  /**
   * Counts a retriable failure: a write that fails ABORTED or in a serialization conflict again and
   * again (a batch over a WLM limit, a hot conflict) fails the task after {@link
   * #abortMaxAttempts}; connectivity failures are retried without bound, each logged with its
   * count.
   */
  private RuntimeException failedWrite(RetriableException e) {
    DataApiErrors.Cause cause = DataApiErrors.cause(e);
    if (cause == DataApiErrors.Cause.CONNECTIVITY) {
      connectivityInARow++;
      stats.transientFailure();
      LOG.warn(
          "{} write failed on connectivity ({} in a row, retried without bound): {}",
          logContext,
          connectivityInARow,
          e.getMessage());
      return e;
    }
    abortsInARow++;
    stats.abortedFailure();
    if (abortsInARow >= abortMaxAttempts) {
      return new ConnectException(
          logContext
              + " the write failed "
              + abortsInARow
              + " times in a row, "
              + cause
              + " each time, with nothing committed in between"
              + " (redshift.transaction.abort.max.attempts="
              + abortMaxAttempts
              + "): failing the task. Last error: "
              + e.getMessage(),
          e);
    }
    LOG.warn(
        "{} write failed {} (attempt {} of {} in a row): {}",
        logContext,
        cause,
        abortsInARow,
        abortMaxAttempts,
        e.getMessage());
    return e;
  }

  private void rereadCommitted() {
    List<List<String>> rows = runner.query(offsets.selectCommitted());
    Map<TopicPartitionKey, Long> read = OffsetsTable.parseCommitted(rows);
    committed.putAll(read);
    lineage.load(read, OffsetsTable.parseLineage(rows));
  }

  private Map<TopicPartitionKey, Long> writeOnce(
      List<TableChanges> batch, Map<TopicPartitionKey, Long> handled, BadChanges bad) {
    if (uncertain) {
      rereadCommitted();
      uncertain = false;
    }
    claimUnseen(batch, handled);
    List<TableChanges> fresh = new ArrayList<>();
    int rows = 0;
    for (TableChanges changes : batch) {
      List<ChangeRow> unseen = changes.rows().stream().filter(this::notYetCommitted).toList();
      if (unseen.isEmpty()) {
        continue;
      }
      List<ChangeRow> good = screened(changes.table(), prepare(changes.table()), unseen, bad);
      if (!good.isEmpty()) {
        fresh.add(new TableChanges(changes.table(), good));
        rows += good.size();
      }
    }
    TreeMap<TopicPartitionKey, Long> extra = new TreeMap<>();
    handled.forEach(
        (tp, next) -> {
          if (next > committed.getOrDefault(tp, -1L)) {
            extra.put(tp, next);
          }
        });
    if (copy.isPresent() && rows >= copy.get().minRows()) {
      writeByCopy(fresh, extra, bad);
    } else {
      List<Rejected> tooLarge = new ArrayList<>();
      List<Transaction> plan =
          planner.plan(
              fresh, (table, row, reason) -> tooLarge.add(new Rejected(table, row, reason)));
      if (!tooLarge.isEmpty() && copy.isPresent()) {
        writeByCopy(fresh, extra, bad); // COPY has no statement limit
        return committed();
      }
      for (Rejected r : tooLarge) {
        stats.rejected(1);
        bad.reject(r.row().source(), where(r.row(), r.table()) + ": " + r.reason());
      }
      if (plan.isEmpty() && !extra.isEmpty()) {
        plan = List.of(new Transaction(offsets.upsert(extra), extra, 0));
      }
      for (int i = 0; i < plan.size(); i++) {
        Transaction tx = i == plan.size() - 1 ? withExtraOffsets(plan.get(i), extra) : plan.get(i);
        try {
          run(tx, "insert");
        } catch (RetriableException e) {
          throw e;
        } catch (ConnectException e) {
          throw unclassified(fresh, e);
        }
      }
    }
    return committed();
  }

  private List<ChangeRow> screened(
      TableDef table, Map<String, TargetColumn> target, List<ChangeRow> rows, BadChanges bad) {
    List<ChangeRow> good = new ArrayList<>(rows.size());
    for (ChangeRow row : rows) {
      Optional<RowScreen.Problem> problem;
      try {
        problem = screen.check(table, target, row);
      } catch (RuntimeException e) {
        // A change the screen cannot judge is a bad record, not a failure of the whole write.
        stats.rejected(1);
        bad.reject(
            row.source(), where(row, table) + ": cannot screen the change: " + Reasons.of(e));
        continue;
      }
      if (problem.isEmpty()) {
        good.add(row);
        continue;
      }
      SourceOffset s = row.source();
      String message =
          where(row, table) + ", column " + problem.get().column() + ": " + problem.get().reason();
      if (problem.get().incompatible()) {
        // The operator may rebuild the column (the message says how): read it again next time.
        knownColumns.remove(table.schema() + '.' + table.name());
      }
      if (problem.get().incompatible() && !policy.incompatibleIsBadRecord()) {
        throw new ConnectException(
            message
                + "; set redshift.incompatible.change.handling=dlq to send such changes"
                + " to the dead letter queue instead, or alter the table");
      }
      stats.rejected(1);
      bad.reject(s, message);
    }
    return good;
  }

  private record Rejected(TableDef table, ChangeRow row, String reason) {}

  private static String where(ChangeRow row, TableDef table) {
    SourceOffset s = row.source();
    return "cannot write the change at "
        + s.topic()
        + "-"
        + s.partition()
        + "@"
        + s.offset()
        + " to "
        + table.schema()
        + "."
        + table.name();
  }

  /**
   * Stages tables in groups that fit one transaction each; staged files are deleted once their
   * group's attempt ends. A COPY that Redshift refuses for a line of a staged file (its load-error
   * log names the file, line, column and reason: a value the screen could not predict) makes that
   * change a bad record for {@code bad}, and the group is staged again without it; its offset is
   * committed with the write's last transaction. Any other fatal failure fails the write naming the
   * offsets it covered.
   */
  private void writeByCopy(
      List<TableChanges> fresh, Map<TopicPartitionKey, Long> extra, BadChanges bad) {
    CopyLoad load = copy.orElseThrow();
    int perTransaction = load.planner().tablesPerTransaction();
    List<List<SourceOffset>> groups = new ArrayList<>();
    for (int from = 0; from < fresh.size(); from += perTransaction) {
      List<SourceOffset> sources = new ArrayList<>();
      fresh
          .subList(from, Math.min(fresh.size(), from + perTransaction))
          .forEach(t -> t.rows().forEach(r -> sources.add(r.source())));
      groups.add(sources);
    }
    // A partition spread over tables of several groups commits only what all groups so far wrote.
    List<java.util.SortedMap<TopicPartitionKey, Long>> watermarks = Watermarks.of(groups);
    for (int from = 0; from < fresh.size(); from += perTransaction) {
      List<TableChanges> group =
          new ArrayList<>(fresh.subList(from, Math.min(fresh.size(), from + perTransaction)));
      boolean last = from + perTransaction >= fresh.size();
      Map<TopicPartitionKey, Long> watermark = watermarks.get(from / perTransaction);
      while (true) {
        group.removeIf(t -> t.rows().isEmpty());
        if (group.isEmpty()) {
          if (last && !extra.isEmpty()) {
            run(new Transaction(offsets.upsert(extra), new TreeMap<>(extra), 0), "copy");
          }
          break;
        }
        CopyStager.Staged staged = load.stager().stage(group);
        try {
          Transaction planned = load.planner().plan(staged.tables());
          Map<TopicPartitionKey, Long> commit = new TreeMap<>();
          planned.offsets().keySet().forEach(tp -> commit.put(tp, watermark.get(tp)));
          Transaction tx = withOffsets(planned, commit);
          run(last ? withExtraOffsets(tx, extra) : tx, "copy");
          break;
        } catch (RetriableException e) {
          throw e;
        } catch (ConnectException e) {
          if (!DataApiErrors.isLoadError(e)) {
            throw unclassified(group, e);
          }
          group = withoutRefusedLines(group, staged, extra, bad, e);
        } finally {
          try {
            load.stager().delete(staged);
          } catch (RuntimeException e) {
            LOG.warn(
                "{} could not delete staged files {}: {}",
                logContext,
                staged.keys(),
                e.getMessage());
          }
        }
      }
    }
  }

  /**
   * {@code group} without the changes whose staged lines the failed COPY refused, each reported to
   * {@code bad} with the column and Redshift's reason, its offset added to {@code extra}. Fails the
   * write, naming the offsets, when the load-error log names no line of this attempt.
   */
  private List<TableChanges> withoutRefusedLines(
      List<TableChanges> group,
      CopyStager.Staged staged,
      Map<TopicPartitionKey, Long> extra,
      BadChanges bad,
      ConnectException failure) {
    List<LoadErrors.Line> refused;
    try {
      refused =
          LoadErrors.parse(staged.batchId(), runner.query(LoadErrors.query(staged.batchId())));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      refused = List.of();
    }
    // Per staged table, the refused change indexes and why.
    Map<Integer, Map<Integer, String>> drop = new TreeMap<>();
    for (LoadErrors.Line line : refused) {
      if (line.table() >= group.size() || line.line() > group.get(line.table()).rows().size()) {
        continue;
      }
      int index = (int) line.line() - 1;
      TableChanges changes = group.get(line.table());
      ChangeRow row = changes.rows().get(index);
      drop.computeIfAbsent(line.table(), t -> new TreeMap<>())
          .putIfAbsent(
              index,
              where(row, changes.table())
                  + ", column "
                  + (line.column().isEmpty() ? "(not named)" : line.column())
                  + ": COPY refused it (line "
                  + line.line()
                  + " of the staged file): "
                  + line.reason());
    }
    if (drop.isEmpty()) {
      throw unclassified(
          group,
          new ConnectException(
              failure.getMessage()
                  + " (the load-error log "
                  + LoadErrors.VIEW
                  + " names no line of staging batch "
                  + staged.batchId()
                  + ")",
              failure));
    }
    LOG.warn(
        "{} COPY refused {} staged change(s); staging the batch again without them",
        logContext,
        drop.values().stream().mapToInt(Map::size).sum());
    // Reported (and awaited, or thrown without tolerance) before the retry that skips them commits.
    List<TableChanges> rest = new ArrayList<>();
    for (int t = 0; t < group.size(); t++) {
      TableChanges changes = group.get(t);
      Map<Integer, String> dropped = drop.getOrDefault(t, Map.of());
      List<ChangeRow> kept = new ArrayList<>();
      for (int i = 0; i < changes.rows().size(); i++) {
        ChangeRow row = changes.rows().get(i);
        String message = dropped.get(i);
        if (message == null) {
          kept.add(row);
          continue;
        }
        stats.rejected(1);
        bad.reject(row.source(), message);
        extra.merge(row.source().partitionKey(), row.source().offset() + 1, Math::max);
      }
      rest.add(new TableChanges(changes.table(), kept));
    }
    uncertain = false; // the statement ended FAILED: nothing of it committed
    return rest;
  }

  /**
   * A fatal failure of a write no record can be blamed for: the task fails naming the tables and
   * the offsets the write covered.
   */
  private ConnectException unclassified(List<TableChanges> tables, ConnectException e) {
    Map<TopicPartitionKey, long[]> ranges = new TreeMap<>();
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (TableChanges t : tables) {
      names.add(t.table().schema() + "." + t.table().name());
      for (ChangeRow row : t.rows()) {
        long o = row.source().offset();
        ranges.merge(
            row.source().partitionKey(),
            new long[] {o, o},
            (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
      }
    }
    StringBuilder where = new StringBuilder();
    ranges.forEach(
        (tp, r) ->
            where
                .append(where.length() == 0 ? "" : ", ")
                .append(tp.topic())
                .append('-')
                .append(tp.partition())
                .append('@')
                .append(r[0])
                .append("..")
                .append(r[1]));
    return new ConnectException(
        logContext
            + " cannot write the changes at "
            + where
            + " to "
            + String.join(", ", names)
            + ", and no record is to blame: "
            + e.getMessage(),
        e);
  }

  /**
   * Runs {@code tx} fenced by the offsets this writer last read or wrote. When the fence did not
   * hold (the offsets INSERT reports 0 rows), nothing of it applied: another writer committed
   * first. The offsets are re-read and {@link OffsetsFencedException} tells the caller to rewind.
   */
  private void run(Transaction planned, String path) {
    long started = System.nanoTime();
    Transaction tx = withLineage(planned);
    List<String> statements = offsets.guarded(tx, committed, lockOffsetsFirst);
    uncertain = true;
    List<Long> counts = runner.executeBatch(statements, ClientTokens.fresh());
    uncertain = false;
    if (!tx.offsets().isEmpty()) {
      if (!applied(tx, statements, counts)) {
        Map<TopicPartitionKey, Long> expected = new TreeMap<>();
        tx.offsets().keySet().forEach(tp -> expected.put(tp, committed.get(tp)));
        rereadCommitted();
        stats.fenced();
        tx.offsets().keySet().forEach(tp -> fencedInARow.merge(tp, 1, Integer::sum));
        Map<TopicPartitionKey, Long> found = new TreeMap<>();
        tx.offsets().keySet().forEach(tp -> found.put(tp, committed.get(tp)));
        String message =
            logContext
                + " a transaction changed nothing: the offsets table holds "
                + found
                + " where this task expected "
                + expected
                + " (another task committed these partitions first); rewinding to the"
                + " committed offsets";
        LOG.warn(message);
        throw new OffsetsFencedException(message, committed(), tx.offsets().keySet());
      }
    }
    abortsInARow = 0;
    connectivityInARow = 0;
    tx.offsets().forEach((tp, next) -> committed.merge(tp, next, Math::max));
    lineage.committed(tx.offsets());
    tx.offsets().keySet().forEach(fencedInARow::remove);
    stats.committed(tx.rowCount(), System.nanoTime() - started);
    LOG.debug(
        "{} committed {} rows by {} in {} statements, offsets {}",
        logContext,
        tx.rowCount(),
        path,
        statements.size(),
        tx.offsets());
  }

  /**
   * Whether the guard of a finished {@code tx} held: the offsets INSERT's row count when every
   * sub-statement reported one; else (counts short or unknown) read back: applied only when the
   * offsets table holds exactly this transaction's offsets now.
   */
  private boolean applied(Transaction tx, List<String> statements, List<Long> counts) {
    if (counts.size() == statements.size()) {
      long inserted = counts.get(statements.size() - OffsetsTable.INSERT_FROM_END);
      if (inserted >= 0) {
        return inserted != 0;
      }
    }
    LOG.info(
        "{} {} row counts for {} statements: reading the offsets back",
        logContext,
        counts.size(),
        statements.size());
    rereadCommitted();
    return tx.offsets().entrySet().stream()
        .allMatch(e -> e.getValue().equals(committed.get(e.getKey())));
  }

  /**
   * {@code tx} whose closing offsets statements also write each partition's lineage mark at the
   * offset it commits.
   */
  private Transaction withLineage(Transaction tx) {
    if (tx.offsets().isEmpty()) {
      return tx;
    }
    int tail = offsets.upsert(tx.offsets()).size();
    List<String> statements =
        new ArrayList<>(tx.statements().subList(0, tx.statements().size() - tail));
    // With the check off no mark is kept: a stale one would break a later re-enabled check.
    Map<TopicPartitionKey, String> marks = lineageChecked ? lineage.at(tx.offsets()) : Map.of();
    // Without any mark (no change had a position) the column stays NULL: omitted.
    statements.addAll(offsets.upsert(tx.offsets(), marks.isEmpty() ? null : marks));
    return new Transaction(statements, new TreeMap<>(tx.offsets()), tx.rowCount());
  }

  /** {@code tx} whose closing offsets statements also cover {@code extra}. */
  private Transaction withExtraOffsets(Transaction tx, Map<TopicPartitionKey, Long> extra) {
    if (extra.isEmpty()) {
      return tx;
    }
    Map<TopicPartitionKey, Long> merged = new TreeMap<>(tx.offsets());
    extra.forEach((tp, next) -> merged.merge(tp, next, Math::max));
    return withOffsets(tx, merged);
  }

  /** {@code tx} whose closing offsets statements commit {@code offsets} instead of its own. */
  private Transaction withOffsets(Transaction tx, Map<TopicPartitionKey, Long> commit) {
    if (commit.equals(tx.offsets())) {
      return tx;
    }
    int tail = offsets.upsert(tx.offsets()).size();
    List<String> statements =
        new ArrayList<>(tx.statements().subList(0, tx.statements().size() - tail));
    statements.addAll(offsets.upsert(commit));
    return new Transaction(statements, new TreeMap<>(commit), tx.rowCount());
  }

  private boolean notYetCommitted(ChangeRow row) {
    Long next = committed.get(row.source().partitionKey());
    return next == null || row.source().offset() >= next;
  }

  /**
   * Makes sure the table exists with every column of {@code table}, as the policy allows; returns
   * the target's columns by name.
   */
  Map<String, TargetColumn> prepare(TableDef table) {
    String key = table.schema() + '.' + table.name();
    Map<String, TargetColumn> known = knownColumns.get(key);
    if (known != null
        && known.keySet().containsAll(table.columnNames())
        && toWiden(key, table, known).isEmpty()) {
      return known;
    }
    Map<String, TargetColumn> existing = readColumns(table);
    if (existing.isEmpty()) {
      if (!policy.autoCreate()) {
        throw new ConnectException("table " + key + " does not exist and auto-create is disabled");
      }
      runner.executeBatch(List.of(ddl.createTable(table)), ClientTokens.fresh());
      LOG.info("{} created table {}", logContext, key);
      existing = readColumns(table);
    }
    Map<String, TargetColumn> present = existing;
    List<ColumnDef> missing =
        table.columns().stream().filter(c -> !present.containsKey(c.name())).toList();
    if (!missing.isEmpty()) {
      if (!policy.autoEvolve()) {
        throw new ConnectException(
            "table "
                + key
                + " lacks columns "
                + missing.stream().map(ColumnDef::name).toList()
                + " and auto-evolve is disabled");
      }
      List<String> alters =
          ddl.addMissingColumns(table.schema(), table.name(), existing.keySet(), missing);
      try {
        runner.executeBatch(alters, ClientTokens.fresh());
      } catch (ConnectException e) {
        // Another task may have added them first: fine if they are there now.
        if (!readColumns(table).keySet().containsAll(table.columnNames())) {
          throw e;
        }
      }
      LOG.info(
          "{} added columns {} to {}",
          logContext,
          missing.stream().map(ColumnDef::name).toList(),
          key);
      existing = readColumns(table);
    }
    List<ColumnDef> narrow = policy.autoEvolve() ? toWiden(key, table, existing) : List.of();
    if (!narrow.isEmpty()) {
      widen(key, table, narrow);
      existing = readColumns(table);
    }
    knownColumns.put(key, existing);
    return existing;
  }

  /** Columns whose VARCHAR the source now declares longer, not yet refused by Redshift. */
  private List<ColumnDef> toWiden(String key, TableDef table, Map<String, TargetColumn> existing) {
    return table.columns().stream()
        .filter(c -> !wideningRefused.contains(key + '.' + c.name()))
        .filter(c -> Widening.varcharBytes(c, existing.get(c.name())).isPresent())
        .toList();
  }

  /**
   * Widens VARCHAR columns in place, one statement each outside a transaction block (Redshift runs
   * ALTER COLUMN TYPE only there). A refusal (a DEFAULT, a key constraint, an encoding that cannot
   * change) is logged once with the steps, and values that then do not fit stop the task or go to
   * the DLQ as incompatible changes ({@link RowScreen}), naming the column.
   */
  private void widen(String key, TableDef table, List<ColumnDef> columns) {
    Map<String, TargetColumn> before = readColumns(table);
    for (ColumnDef column : columns) {
      int bytes = Widening.varcharBytes(column, before.get(column.name())).orElse(0);
      if (bytes == 0) {
        continue; // another task widened it meanwhile
      }
      try {
        runner.executeAlone(ddl.widenVarchar(table.schema(), table.name(), column.name(), bytes));
        LOG.info(
            "{} widened {}.{} from {} to VARCHAR({})",
            logContext,
            key,
            column.name(),
            before.get(column.name()).describe(),
            bytes);
      } catch (RetriableException e) {
        throw e;
      } catch (ConnectException e) {
        if (Widening.varcharBytes(column, readColumns(table).get(column.name())).isEmpty()) {
          continue; // widened by another task first
        }
        wideningRefused.add(key + '.' + column.name());
        LOG.warn(
            "{} Redshift refused to widen {}.{} from {} to VARCHAR({}): {}. Values longer than"
                + " the column stop the task (or go to the DLQ with"
                + " redshift.incompatible.change.handling=dlq). {}",
            logContext,
            key,
            column.name(),
            before.get(column.name()).describe(),
            bytes,
            Reasons.of(e),
            Widening.rebuildSteps(
                table.schema(),
                table.name(),
                column.name(),
                "VARCHAR(" + bytes + ")",
                table.isKeyOrDistOrSortKey(column.name())));
      }
    }
  }

  private Map<String, TargetColumn> readColumns(TableDef table) {
    Map<String, TargetColumn> columns = new LinkedHashMap<>();
    for (List<String> row : runner.query(ddl.existingColumnsQuery(table.schema(), table.name()))) {
      TargetColumn column = TargetColumn.parse(row);
      columns.put(column.name(), column);
    }
    return columns;
  }
}
