package io.tidemark.connect.s3.sink;

import io.tidemark.connect.s3.errors.PreconditionFailedException;
import io.tidemark.connect.s3.partition.Partition;
import io.tidemark.connect.s3.partition.RecordContext;
import io.tidemark.connect.s3.partition.TimePartitioner;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing side of one task: a {@link TopicPartitionWriter} per assigned partition (by original
 * topic and partition). A transient failure of one partition REWINDS it: open files are dropped,
 * the marker is recovered again, and the caller seeks the consumer to the durable offset and throws
 * a {@code RetriableException}. Connect then delivers the same batch again for as long as {@code
 * put} throws (less the records of partitions revoked meanwhile), and fetches from the seek once
 * the batch is done with: {@link FailedBatch} tells a redelivery from records fetched after the
 * seek, and each partition's {@link PartitionCursor} admits records accordingly.
 */
public final class SinkWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SinkWriter.class);

  private final WriterSetup s;
  private final BadRecordReporter bad;
  private final Map<TopicPartition, TopicPartitionWriter> writers = new HashMap<>();
  private FailedBatch failed = FailedBatch.NONE;

  public SinkWriter(WriterSetup setup, BadRecordReporter bad) {
    this.s = setup;
    this.bad = bad;
  }

  /** Recovers each partition; returns the offsets the consumer must seek to. */
  public Map<TopicPartition, Long> open(Collection<TopicPartition> partitions) throws IOException {
    Map<TopicPartition, Long> seeks = new HashMap<>();
    // Before any recovery: earlier partitions' recoveries may wait out leases.
    long assignedAt = s.clock().millis();
    for (TopicPartition tp : partitions) {
      TopicPartitionWriter w = new TopicPartitionWriter(tp.topic(), tp.partition(), s, assignedAt);
      writers.put(tp, w);
      OptionalLong seek = OptionalLong.empty();
      try {
        seek = w.recover();
        seek.ifPresent(o -> seeks.put(tp, o));
      } catch (PreconditionFailedException e) {
        fence(tp, w, e); // assigned to a newer task meanwhile: this one is late
        continue;
      } catch (RetriableException e) {
        // S3 unreachable: the partition starts at the group's committed offset, which never passes
        // the marker's, and recovers before its first record (records the marker covers are
        // skipped).
        LOG.warn(
            "Connector {} {}: recovery deferred to the first record: {}",
            s.connectorName(),
            tp,
            e.toString());
      }
      if (failed != FailedBatch.NONE) {
        // Connect may still hold records of this partition from before the rebalance in the batch
        // it redelivers (it drops revoked partitions' records by their topic after SMTs, so a
        // renamed topic keeps them): they precede this assignment's position.
        w.cursor().rewound(seek);
      }
    }
    return seeks;
  }

  /**
   * Writes a batch and closes files that are due. Returns the seeks of partitions that were rewound
   * (empty when all went well); the caller must then seek and throw a {@code RetriableException},
   * and must return normally when they are empty.
   */
  public Map<TopicPartition, Long> write(Collection<IncomingRecord> records) {
    Map<TopicPartition, Long> seeks = new HashMap<>();
    if (!failed.redeliveredAs(records)) {
      writers.values().forEach(w -> w.cursor().seekApplied());
    }
    for (IncomingRecord r : records) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      TopicPartitionWriter w = writers.get(tp);
      if (w == null) {
        LOG.warn("Connector {}: record of unassigned partition {} ignored", s.connectorName(), tp);
        continue;
      }
      if (!w.cursor().admits(r.offset())) {
        continue;
      }
      w.cursor().delivered(r.offset());
      try {
        process(w, r);
      } catch (PreconditionFailedException e) {
        fence(tp, w, e);
      } catch (TopicPartitionWriter.CorruptRow e) {
        w.markBad(r.offset());
        bad.report(r, e.dataException());
        rewind(tp, w, seeks, e);
      } catch (IOException | RetriableException e) {
        rewind(tp, w, seeks, e);
      }
      enforceWriterMemory(seeks);
    }
    tick(s.clock().instant(), seeks);
    failed = seeks.isEmpty() ? FailedBatch.NONE : FailedBatch.of(records);
    return seeks;
  }

  private void process(TopicPartitionWriter w, IncomingRecord r) throws IOException {
    if (!w.recovered()) {
      w.recover();
    }
    long offset = r.offset();
    if (w.knownBad(offset)) {
      w.skip(offset);
      return;
    }
    MappedRow row;
    Partition partition;
    Long recordTime;
    try {
      row = s.mapper().map(r);
      if (row == null) {
        w.skip(offset);
        return;
      }
      RecordContext ctx =
          new RecordContext(
              r.topic(), r.partition(), offset, r.timestampMs(), row.schema(), row.row());
      partition = s.partitioner().partition(ctx);
      recordTime = recordTime(ctx);
    } catch (DataException e) {
      bad.report(r, e);
      w.skip(offset);
      return;
    }
    w.write(offset, row, r.folder(), partition, recordTime);
  }

  /**
   * Open format writers hold memory outside the budget's buffers (a Parquet row group, compressor
   * state): when buffers and writers together pass the budget, the file whose writer holds the most
   * lands early.
   */
  private void enforceWriterMemory(Map<TopicPartition, Long> seeks) {
    while (true) {
      long total = s.budget().usedBytes();
      TopicPartition owner = null;
      OpenFile largest = null;
      for (Map.Entry<TopicPartition, TopicPartitionWriter> e : writers.entrySet()) {
        TopicPartitionWriter w = e.getValue();
        if (!w.cursor().streaming() || !w.recovered()) {
          continue;
        }
        total += w.writerMemory();
        OpenFile candidate = w.largestWriter();
        if (candidate != null
            && (largest == null || candidate.writerMemory() > largest.writerMemory())) {
          largest = candidate;
          owner = e.getKey();
        }
      }
      if (total <= s.budget().budgetBytes() || largest == null) {
        return;
      }
      TopicPartitionWriter w = writers.get(owner);
      try {
        w.rotateForMemory(largest);
      } catch (PreconditionFailedException e) {
        fence(owner, w, e);
      } catch (IOException | RetriableException e) {
        rewind(owner, w, seeks, e);
      }
    }
  }

  /**
   * The record time rotation windows use: the time partitioner's time, else the Kafka timestamp.
   */
  private Long recordTime(RecordContext ctx) {
    if (s.partitioner() instanceof TimePartitioner && s.partitioner().deterministic()) {
      return ((TimePartitioner) s.partitioner()).time(ctx).toEpochMilli();
    }
    return ctx.timestampMs();
  }

  private void tick(Instant now, Map<TopicPartition, Long> seeks) {
    writers.forEach(
        (tp, w) -> {
          if (w.cursor().streaming() && w.recovered()) {
            try {
              w.tick(now);
            } catch (PreconditionFailedException e) {
              fence(tp, w, e);
            } catch (IOException | RetriableException e) {
              rewind(tp, w, seeks, e);
            }
          }
        });
  }

  private void rewind(
      TopicPartition tp, TopicPartitionWriter w, Map<TopicPartition, Long> seeks, Exception cause) {
    LOG.warn(
        "Connector {} {}: rewinding to the last durable offset after: {}",
        s.connectorName(),
        tp,
        cause.toString());
    w.discardAll();
    OptionalLong seek = w.cursor().rewindOffset();
    try {
      OptionalLong recovered = w.recover();
      if (recovered.isPresent()) {
        seek = recovered;
      }
    } catch (PreconditionFailedException e) {
      fence(tp, w, e);
      return;
    } catch (IOException | RetriableException e) {
      LOG.warn(
          "Connector {} {}: recovery failed, retried with the next batch: {}",
          s.connectorName(),
          tp,
          e.toString());
    }
    if (seek.isEmpty()) {
      // Nothing was delivered, so nothing can have failed: a rewind without a seek would drop the
      // rest of the batch while put returns normally.
      throw new IllegalStateException(tp + " rewound before any record was delivered", cause);
    }
    w.cursor().rewound(seek);
    seeks.put(tp, seek.getAsLong());
  }

  /**
   * A conditional marker write failed: another task recovered the partition after this one last
   * wrote its marker (this task is a zombie: paused or stuck past the consumer's session). Its open
   * files are dropped and it writes nothing more of the partition; nothing is retried.
   */
  private void fence(TopicPartition tp, TopicPartitionWriter w, PreconditionFailedException e) {
    LOG.error(
        "Connector {} {}: another task owns this partition now (its commit marker changed: {});"
            + " this task stops writing it until Connect reassigns it",
        s.connectorName(),
        tp,
        e.getMessage());
    w.discardAll();
    w.cursor().fenced();
  }

  /** Per partition, the offset every record below which is durably in S3 (or skipped). */
  public Map<TopicPartition, Long> preCommit() {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    writers.forEach(
        (tp, w) -> {
          if (w.cursor().isFenced()) {
            return;
          }
          try {
            w.preCommit().ifPresent(o -> offsets.put(tp, o));
          } catch (PreconditionFailedException e) {
            fence(tp, w, e);
          } catch (IOException | RetriableException e) {
            LOG.warn(
                "Connector {} {}: could not move the marker forward, committing less: {}",
                s.connectorName(),
                tp,
                e.toString());
          }
        });
    return offsets;
  }

  /** Drops the open files of partitions taken away; their records come again to the new owner. */
  public void close(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      TopicPartitionWriter w = writers.remove(tp);
      if (w != null) {
        w.discardAll();
      }
    }
  }

  int openFiles() {
    return writers.values().stream().mapToInt(TopicPartitionWriter::openFiles).sum();
  }

  @Override
  public void close() {
    close(new java.util.ArrayList<>(writers.keySet()));
    s.events().close();
  }
}
