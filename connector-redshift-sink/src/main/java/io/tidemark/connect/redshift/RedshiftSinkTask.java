package io.tidemark.connect.redshift;

import io.tidemark.connect.redshift.dataapi.DataApiClients;
import io.tidemark.connect.redshift.dataapi.PollPolicy;
import io.tidemark.connect.redshift.dataapi.Sleeper;
import io.tidemark.connect.redshift.dataapi.StatementRunner;
import io.tidemark.connect.redshift.metrics.TaskMetrics;
import io.tidemark.connect.redshift.sql.CopyPathPlanner;
import io.tidemark.connect.redshift.sql.DdlBuilder;
import io.tidemark.connect.redshift.sql.InsertPathPlanner;
import io.tidemark.connect.redshift.sql.OffsetsTable;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.SourceOffset.TopicPartitionKey;
import io.tidemark.connect.redshift.sql.StageSql;
import io.tidemark.connect.redshift.sql.TableDefs;
import io.tidemark.connect.redshift.staging.CopyStager;
import io.tidemark.connect.redshift.staging.S3StagingStore;
import io.tidemark.connect.redshift.staging.StagingStore;
import io.tidemark.connect.redshift.write.OffsetsFencedException;
import io.tidemark.connect.redshift.write.RedshiftWriter;
import io.tidemark.connect.redshift.write.WriterStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin Connect shell around {@link RedshiftWriter}: seeks to the offsets committed in Redshift
 * on open, writes every {@code put} in transactions that also commit their offsets, and reports
 * only those offsets from {@code preCommit}.
 */
public final class RedshiftSinkTask extends SinkTask {
  private static final Logger LOG = LoggerFactory.getLogger(RedshiftSinkTask.class);
  static final String ERRORS_TOLERANCE = "errors.tolerance";

  /** Set by the connector in each task's config: names the task's JMX metrics. */
  static final String TASK_ID = "tidemark.task.id";

  private final BiFunction<RedshiftSinkConfig, String, StatementRunner> runners;
  private final BiFunction<RedshiftSinkConfig, String, StagingStore> stores;
  private StatementRunner runner;
  private StagingStore staging;
  private TaskMetrics metrics;
  private RedshiftWriter writer;

  /** What the position lineage check reads from a record; null when the check is off. */
  private LineageFields lineage;

  private ChangeConverter converter;
  private boolean tolerateAll;
  private int fencedMaxAttempts = 10;

  /** The partitions Connect assigned (open) and did not take back (close), as consumed. */
  private final Set<TopicPartition> assignment = new HashSet<>();

  /**
   * Bad records already reported and not yet below the committed offsets: a retried or redelivered
   * put reports each once. Reported before the transaction that skips it commits (and awaited), so
   * a crash cannot lose a report; only a restart may repeat one.
   */
  private final Set<SourceOffset> reported = new HashSet<>();

  private PollPolicy policy = PollPolicy.defaults();
  private Sleeper sleeper = Sleeper.SYSTEM;
  private String logContext = "[redshift-sink]";

  public RedshiftSinkTask() {
    this(DataApiClients::runner, S3StagingStore::create);
  }

  /**
   * {@code runners} makes the statement runner from the config and the log context (tests pass a
   * fake).
   */
  RedshiftSinkTask(BiFunction<RedshiftSinkConfig, String, StatementRunner> runners) {
    this(runners, S3StagingStore::create);
  }

  /** As above, with the staging store of the copy load path ({@code stores}) too. */
  RedshiftSinkTask(
      BiFunction<RedshiftSinkConfig, String, StatementRunner> runners,
      BiFunction<RedshiftSinkConfig, String, StagingStore> stores) {
    this.runners = runners;
    this.stores = stores;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    RedshiftSinkConfig config = new RedshiftSinkConfig(props);
    String name = props.getOrDefault("name", "redshift-sink");
    logContext = "[" + name + " task]";
    tolerateAll = "all".equals(props.get(ERRORS_TOLERANCE));
    RedshiftNames names = RedshiftNames.defaults();
    String schema = config.getString(RedshiftSinkConfig.SCHEMA);
    OffsetsTable offsets =
        new OffsetsTable(names, schema, config.getString(RedshiftSinkConfig.OFFSETS_TABLE), name);
    runner = runners.apply(config, logContext);
    policy = DataApiClients.pollPolicy(config);
    StageSql stage = new StageSql(names, config.mode());
    Optional<RedshiftWriter.CopyLoad> copy = Optional.empty();
    if (config.loadPath() == LoadPath.COPY) {
      staging = stores.apply(config, logContext);
      String region =
          config.stagingRegion().equals(config.getString(RedshiftSinkConfig.REGION).trim())
              ? null
              : config.stagingRegion();
      copy =
          Optional.of(
              new RedshiftWriter.CopyLoad(
                  new CopyStager(staging, config.getString(RedshiftSinkConfig.COPY_PREFIX), name),
                  new CopyPathPlanner(
                      stage,
                      offsets,
                      config.getString(RedshiftSinkConfig.COPY_IAM_ROLE).trim(),
                      region),
                  config.getInt(RedshiftSinkConfig.COPY_MIN_ROWS)));
      int minRows = config.getInt(RedshiftSinkConfig.COPY_MIN_ROWS);
      if (props.get(RedshiftSinkConfig.CONSUMER_MAX_POLL_RECORDS) == null
          && minRows > RedshiftSinkConfig.KAFKA_DEFAULT_MAX_POLL_RECORDS) {
        LOG.warn(
            "{} {}={} but a put brings at most max.poll.records records (Kafka's default: {}):"
                + " unless the worker sets consumer.max.poll.records to {} or more, every write"
                + " takes the insert path; set {} on this connector",
            logContext,
            RedshiftSinkConfig.COPY_MIN_ROWS,
            minRows,
            RedshiftSinkConfig.KAFKA_DEFAULT_MAX_POLL_RECORDS,
            minRows,
            RedshiftSinkConfig.CONSUMER_MAX_POLL_RECORDS);
      }
    }
    writer =
        new RedshiftWriter(
            runner,
            new DdlBuilder(names),
            new InsertPathPlanner(stage, offsets, config.limits()),
            copy,
            offsets,
            new RedshiftWriter.TablePolicy(
                config.getBoolean(RedshiftSinkConfig.AUTO_CREATE),
                config.getBoolean(RedshiftSinkConfig.AUTO_EVOLVE),
                config.incompatibleHandling() == IncompatibleHandling.DLQ),
            logContext,
            new WriterStats());
    writer.abortMaxAttempts(config.getInt(RedshiftSinkConfig.ABORT_MAX_ATTEMPTS));
    fencedMaxAttempts = config.getInt(RedshiftSinkConfig.FENCED_MAX_ATTEMPTS);
    converter = new ChangeConverter(config, TableDefs.defaults(), names);
    lineage =
        config.getBoolean(RedshiftSinkConfig.LINEAGE_CHECK)
            ? new LineageFields(
                config.getString(RedshiftSinkConfig.POSITION_FIELD),
                config.getString(RedshiftSinkConfig.SOURCE_TS_FIELD))
            : null;
    writer.lineageChecked(lineage != null);
    metrics =
        new TaskMetrics(writer.stats(), runner).register(name, props.getOrDefault(TASK_ID, "0"));
    LOG.info(
        "{} started: mode {}, load path {}, schema {}",
        logContext,
        config.mode().configValue(),
        config.loadPath().configValue(),
        schema);
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    assignment.addAll(partitions);
    Map<TopicPartitionKey, Long> committed =
        startWriter(partitions.stream().map(RedshiftSinkTask::key).toList());
    Map<TopicPartition, Long> seek = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Long next = committed.get(new TopicPartitionKey(tp.topic(), tp.partition()));
      if (next != null) {
        seek.put(tp, next);
      }
    }
    if (!seek.isEmpty()) {
      context.offset(seek);
    }
    LOG.info("{} opened {}, seeking to {}", logContext, partitions, seek);
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    assignment.removeAll(partitions);
    reported.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
    writer.forget(partitions.stream().map(RedshiftSinkTask::key).toList());
    LOG.info("{} closed {}", logContext, partitions);
  }

  private static TopicPartitionKey key(TopicPartition tp) {
    return new TopicPartitionKey(tp.topic(), tp.partition());
  }

  /** Waits between attempts of {@link #startWriter}; tests pass one that does not sleep. */
  void sleeper(Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  /**
   * {@link RedshiftWriter#start()} with transient Data API errors retried here, at most {@code
   * redshift.request.max.attempts} times: Connect retries a RetriableException only from {@code
   * put}, so one thrown from {@code open} would leave the task FAILED until someone restarts it
   * (found by the chaos suite).
   */
  private Map<TopicPartitionKey, Long> startWriter(Collection<TopicPartitionKey> partitions) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writer.start(partitions);
      } catch (RetriableException e) {
        if (attempt >= policy.maxAttempts()) {
          throw new ConnectException(
              logContext
                  + " could not read the committed offsets from Redshift after "
                  + attempt
                  + " attempts: "
                  + e.getMessage(),
              e);
        }
        Duration wait = policy.retryDelay(attempt);
        LOG.warn(
            "{} reading the committed offsets failed (attempt {}), retrying in {} ms: {}",
            logContext,
            attempt,
            wait.toMillis(),
            e.getMessage());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ConnectException(logContext + " interrupted while opening", interrupted);
        }
      }
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    try {
      writeAll(records);
    } catch (OffsetsFencedException e) {
      failIfFencedTooOften(e);
      rewind(records, e.committed());
    }
  }

  /**
   * A partition this task owns that keeps being fenced with no commit of its own in between (it
   * keeps losing to another task) fails the task after {@code
   * redshift.transaction.fenced.max.attempts}: the loser may be the new owner, which carries on,
   * but never forever. A partition no longer owned is not counted: it is not rewound either.
   */
  private void failIfFencedTooOften(OffsetsFencedException e) {
    for (TopicPartitionKey tp : e.fenced()) {
      int fenced = writer.fencedInARow(tp);
      if (assignment.contains(new TopicPartition(tp.topic(), tp.partition()))
          && fenced >= fencedMaxAttempts) {
        throw new ConnectException(
            logContext
                + " transactions of "
                + tp.topic()
                + "-"
                + tp.partition()
                + " were fenced "
                + fenced
                + " times in a row with none of this task's committing in between ("
                + RedshiftSinkConfig.FENCED_MAX_ATTEMPTS
                + "="
                + fencedMaxAttempts
                + "): another task keeps committing this partition first; its committed next"
                + " offset in Redshift is "
                + e.committed().get(tp),
            e);
      }
    }
  }

  /**
   * After a fenced transaction (another task had committed these partitions first) nothing of this
   * {@code put} from that transaction on was written: seek every partition of it that this task
   * still owns to the offset committed in Redshift (or, with none committed, to its first record
   * here) and carry on from there; the records come again and those already committed are skipped.
   * Seeks use the original topic, partition and offset (before any renaming SMT), as the consumer
   * knows them; a partition no longer owned is left alone.
   */
  private void rewind(Collection<SinkRecord> records, Map<TopicPartitionKey, Long> committed) {
    Map<TopicPartition, Long> seek = new HashMap<>();
    for (SinkRecord record : records) {
      SourceOffset source = ChangeConverter.source(record);
      TopicPartition tp = new TopicPartition(source.topic(), source.partition());
      if (!assignment.contains(tp)) {
        continue;
      }
      Long next = committed.get(source.partitionKey());
      seek.merge(tp, next != null ? next : source.offset(), Math::min);
    }
    if (!seek.isEmpty()) {
      context.offset(seek);
    }
    LOG.warn("{} fenced by another task's commit: rewinding to {}", logContext, seek);
  }

  private void writeAll(Collection<SinkRecord> all) {
    // A lineage break: the records before it are written, nothing at or after it, then the task
    // fails (not retriable) with the break's message.
    List<SinkRecord> records = new ArrayList<>(all);
    ConnectException lineageBreak = null;
    if (lineage != null) {
      RedshiftWriter.LineageCheck check =
          writer.checkLineage(records.stream().map(lineage::of).toList());
      records = records.subList(0, check.accepted());
      lineageBreak = check.lineageBreak();
    }
    Map<TopicPartitionKey, Long> committed = writer.committed();
    Segment segment = new Segment();
    for (SinkRecord record : records) {
      SourceOffset source = ChangeConverter.source(record);
      Long next = committed.get(source.partitionKey());
      if (next != null && source.offset() < next) {
        continue; // committed already (a redelivery): neither written nor reported again
      }
      Optional<ChangeConverter.Change> change;
      try {
        change = converter.convert(record);
      } catch (DataException e) {
        await(reportOrThrow(record, e));
        segment.handled(source);
        continue;
      }
      if (change.isPresent() && !segment.pending.accepts(change.get())) {
        segment.write();
        segment = new Segment();
      }
      change.ifPresent(segment.pending::add);
      segment.records.put(source, record);
      segment.handled(source);
    }
    segment.write();
    Map<TopicPartitionKey, Long> now = writer.committed();
    reported.removeIf(
        r -> r.offset() < now.getOrDefault(r.partitionKey(), OffsetsTable.NOTHING_COMMITTED));
    if (lineageBreak != null) {
      throw lineageBreak;
    }
  }

  /**
   * The records of one write: their changes, the next offset per partition of everything handled
   * (written, skipped or reported), and the records by source so a bad change can be reported.
   */
  private final class Segment {
    final PendingBatch pending = new PendingBatch();
    final Map<TopicPartitionKey, Long> handled = new HashMap<>();
    final Map<SourceOffset, SinkRecord> records = new HashMap<>();

    void handled(SourceOffset source) {
      handled.merge(source.partitionKey(), source.offset() + 1, Math::max);
    }

    void write() {
      if (pending.isEmpty() && handled.isEmpty()) {
        return;
      }
      writer.write(
          pending.drain(),
          handled,
          (source, message) -> {
            SinkRecord record = records.get(source);
            if (record == null) {
              throw new DataException(message);
            }
            await(reportOrThrow(record, new DataException(message)));
          });
    }
  }

  private Future<Void> reportOrThrow(SinkRecord record, DataException e) {
    ErrantRecordReporter reporter = errantRecordReporter();
    if (!tolerateAll || reporter == null) {
      throw e;
    }
    if (!reported.add(ChangeConverter.source(record))) {
      LOG.debug("{} already reported: {}", logContext, e.getMessage());
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    LOG.warn("{} reporting a bad record: {}", logContext, e.getMessage());
    return reporter.report(record, e);
  }

  private ErrantRecordReporter errantRecordReporter() {
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null;
    }
  }

  /** Waits for a report: the offsets that skip a reported record commit in Redshift right after. */
  private void await(Future<Void> reported) {
    try {
      reported.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while reporting bad records", e);
    } catch (ExecutionException e) {
      throw new ConnectException("could not report a bad record", e.getCause());
    }
  }

  @Override
  public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    // put() writes synchronously: nothing is buffered.
  }

  /**
   * Only offsets whose rows are committed in Redshift, for the partitions the worker asks about.
   */
  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    Map<TopicPartitionKey, Long> committed = writer.committed();
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : currentOffsets.keySet()) {
      Long next = committed.get(new TopicPartitionKey(tp.topic(), tp.partition()));
      if (next != null) {
        out.put(tp, new OffsetAndMetadata(next));
      }
    }
    return out;
  }

  /**
   * Closes the runner. There is no statement to cancel: Connect calls {@code stop()} only after
   * {@code put()} returned, and {@code put()} returns only once its statements ended (or, after a
   * timeout or a lost reply, once they were settled or the task failed).
   */
  @Override
  public void stop() {
    if (runner != null) {
      runner.close();
    }
    if (staging != null) {
      staging.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    LOG.info("{} stopped", logContext);
  }
}
