package io.tidemark.connect.s3.sink;

import io.tidemark.connect.s3.S3SinkConfig;
import io.tidemark.connect.s3.buffer.BufferBudget;
import io.tidemark.connect.s3.commit.MarkerKeys;
import io.tidemark.connect.s3.errors.Retrier;
import io.tidemark.connect.s3.events.CommitEventSink;
import io.tidemark.connect.s3.format.RecordWriters;
import io.tidemark.connect.s3.metrics.TaskMetrics;
import io.tidemark.connect.s3.partition.FieldPartitioner;
import io.tidemark.connect.s3.partition.KafkaPartitioner;
import io.tidemark.connect.s3.partition.ObjectKeys;
import io.tidemark.connect.s3.partition.Partitioner;
import io.tidemark.connect.s3.partition.PathFormat;
import io.tidemark.connect.s3.partition.TimePartitioner;
import io.tidemark.connect.s3.rotation.ByteSizeRotation;
import io.tidemark.connect.s3.rotation.RecordCountRotation;
import io.tidemark.connect.s3.rotation.RecordTimeRotation;
import io.tidemark.connect.s3.rotation.RotationPolicy;
import io.tidemark.connect.s3.rotation.ScheduledRotation;
import io.tidemark.connect.s3.store.ObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Everything the per-partition writers of one task share, built once from the config. */
public record WriterSetup(
    String connectorName,
    ObjectStore store,
    ObjectKeys keys,
    MarkerKeys markers,
    RecordWriters writers,
    Partitioner partitioner,
    RotationPolicy rotation,
    RowMapper mapper,
    BufferBudget budget,
    long partSizeBytes,
    Path spillDir,
    Clock clock,
    Retrier.Sleeper sleeper,
    Duration publishTimeout,
    CommitEventSink events,
    TaskMetrics metrics,
    List<String> keyRangeFields) {

  public static WriterSetup fromConfig(
      S3SinkConfig config,
      String connectorName,
      ObjectStore store,
      CommitEventSink events,
      Clock clock) {
    return fromConfig(config, connectorName, store, events, clock, new TaskMetrics());
  }

  /**
   * Wires {@code metrics}: the writers update it and its buffer gauge reads this setup's budget.
   */
  public static WriterSetup fromConfig(
      S3SinkConfig config,
      String connectorName,
      ObjectStore store,
      CommitEventSink events,
      Clock clock,
      TaskMetrics metrics) {
    return fromConfig(config, connectorName, store, events, clock, Thread::sleep, metrics);
  }

  /** As above, waiting with {@code sleeper} (tests move their clock instead of sleeping). */
  public static WriterSetup fromConfig(
      S3SinkConfig config,
      String connectorName,
      ObjectStore store,
      CommitEventSink events,
      Clock clock,
      Retrier.Sleeper sleeper,
      TaskMetrics metrics) {
    BufferBudget budget = new BufferBudget(config.getLong(S3SinkConfig.BUFFER_BUDGET_BYTES));
    metrics.bufferBytes(budget::usedBytes);
    String prefix = config.getString(S3SinkConfig.S3_PREFIX);
    String markerPrefix = config.getString(S3SinkConfig.MARKER_PREFIX).trim();
    return new WriterSetup(
        connectorName,
        store,
        new ObjectKeys(prefix),
        new MarkerKeys(markerPrefix.isEmpty() ? prefix : markerPrefix, connectorName),
        new RecordWriters(
            config.format(),
            config.compression(),
            config.getLong(S3SinkConfig.FORMAT_PARQUET_ROW_GROUP_BYTES)),
        partitioner(config, clock),
        rotation(config, clock),
        new RowMapper(config),
        budget,
        config.getLong(S3SinkConfig.S3_PART_SIZE_BYTES),
        Path.of(config.getString(S3SinkConfig.BUFFER_SPILL_DIR)),
        clock,
        sleeper,
        Duration.ofMillis(config.getLong(S3SinkConfig.COMMIT_PUBLISH_TIMEOUT_MS)),
        events,
        metrics,
        List.copyOf(config.getList(S3SinkConfig.COMMIT_EVENTS_KEY_RANGE_FIELDS)));
  }

  static Partitioner partitioner(S3SinkConfig config, Clock clock) {
    switch (config.partitionerType()) {
      case FIELD:
        return new FieldPartitioner(config.getList(S3SinkConfig.PARTITIONER_FIELD_NAMES));
      case TIME:
        return new TimePartitioner(
            config.timeSource(),
            config.getString(S3SinkConfig.PARTITIONER_TIME_FIELD),
            config.timeZone(),
            new PathFormat(config.getString(S3SinkConfig.PARTITIONER_TIME_PATH_FORMAT)),
            clock);
      case KAFKA_PARTITION:
      default:
        return new KafkaPartitioner();
    }
  }

  static RotationPolicy rotation(S3SinkConfig config, Clock clock) {
    List<RotationPolicy> policies = new ArrayList<>();
    long count = config.getLong(S3SinkConfig.ROTATE_RECORD_COUNT);
    long bytes = config.getLong(S3SinkConfig.ROTATE_SIZE_BYTES);
    long window = config.getLong(S3SinkConfig.ROTATE_RECORD_TIME_INTERVAL_MS);
    long schedule = config.getLong(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS);
    if (count > 0) {
      policies.add(new RecordCountRotation(count));
    }
    if (bytes > 0) {
      policies.add(new ByteSizeRotation(bytes));
    }
    if (window > 0) {
      policies.add(new RecordTimeRotation(Duration.ofMillis(window), config.timeZone()));
    }
    if (schedule > 0) {
      policies.add(new ScheduledRotation(Duration.ofMillis(schedule), config.timeZone(), clock));
    }
    return RotationPolicy.anyOf(policies);
  }
}
