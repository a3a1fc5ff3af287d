package io.tidemark.connect.s3.sink;

import io.tidemark.connect.s3.commit.CommitMarker;
import io.tidemark.connect.s3.commit.LandedObject;
import io.tidemark.connect.s3.commit.MarkerRecovery;
import io.tidemark.connect.s3.commit.Owner;
import io.tidemark.connect.s3.commit.PartitionLedger;
import io.tidemark.connect.s3.errors.PreconditionFailedException;
import io.tidemark.connect.s3.events.CommitEvent;
import io.tidemark.connect.s3.events.KeyRanges;
import io.tidemark.connect.s3.format.RowSchema;
import io.tidemark.connect.s3.partition.Partition;
import io.tidemark.connect.s3.store.Deadline;
import io.tidemark.connect.s3.store.ObjectStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one Kafka topic partition and its commit protocol (README "Exactly once"): at most
 * one open file per partition path; a file lands as pending marker → visible object → commit event
 * → landed marker. Replayed records that a landed object already holds are skipped.
 */
final class TopicPartitionWriter {

  private static final Logger LOG = LoggerFactory.getLogger(TopicPartitionWriter.class);

  /** The file could not take a row and may hold part of it: the partition must be rewound. */
  static final class CorruptRow extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptRow(DataException cause) {
      super(cause.getMessage(), cause);
    }

    DataException dataException() {
      return (DataException) getCause();
    }
  }

  private final String topic;
  private final int partition;
  private final WriterSetup s;
  private final Map<String, OpenFile> open = new LinkedHashMap<>();
  // The open files that have a format writer (past the staging size): the only ones holding
  // memory outside the budget, so the per-record memory check looks at these, not at all files.
  private final Set<OpenFile> withWriter = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Long> badOffsets = new HashSet<>();
  private final PartitionCursor cursor = new PartitionCursor();
  private PartitionLedger ledger;
  private String markerEtag;
  private String owner;
  private final long assignedAt;
  private String candidate;
  // The last offset this partition processed (written anywhere or skipped): a file whose last
  // offset it is takes the next one in the same run.
  private long lastProcessed = -1;

  /** A writer for a partition Connect assigned at {@code assignedAt} (epoch ms). */
  TopicPartitionWriter(String topic, int partition, WriterSetup setup, long assignedAt) {
    this.topic = topic;
    this.partition = partition;
    this.s = setup;
    this.assignedAt = assignedAt;
  }

  /**
   * Reads and settles the marker; returns the offset to seek to when the marker knows one. The
   * first recovery that succeeds after {@code open} CLAIMS the marker for this task; later ones (a
   * rewind) only check it is still this task's, so a task that lost the partition cannot take it
   * back from its new owner: it is fenced instead ({@link PreconditionFailedException}).
   */
  OptionalLong recover() throws IOException {
    discardAll();
    ledger = null;
    lastProcessed = -1;
    // Whatever this life processed but did not land is gone with the open files: it must be
    // accepted again when it comes back, even if this recovery fails and a later one succeeds.
    cursor.forgetProcessed();
    MarkerRecovery.Recovered recovered;
    boolean claim = owner == null;
    if (claim && candidate == null) {
      // One token for every attempt to claim, so a claim whose reply was lost is known as ours.
      candidate = Owner.newToken(s.clock());
    }
    String me = claim ? candidate : owner;
    // No claim may go over the claim of an owner assigned after this task (which must then be
    // one that lost the partition while paused or slow).
    Long assignedAt = claim ? this.assignedAt : null;
    try {
      recovered =
          new MarkerRecovery(s.store(), s.markers(), s.clock(), s.sleeper())
              .recover(topic, partition, this::republish, me, claim, assignedAt);
    } catch (PreconditionFailedException e) {
      if (!claim || e instanceof MarkerRecovery.NewerOwnerException) {
        throw e;
      }
      // Another writer (the previous owner, still running) wrote between our read and our claim:
      // read again; once our claim is in, its writes fail instead.
      throw new RetriableException(
          "the commit marker of " + topic + "-" + partition + " changed during recovery", e);
    }
    owner = me;
    markerEtag = recovered.markerEtag();
    ledger = recovered.ledger();
    OptionalLong resume = ledger.resumeOffset();
    resume.ifPresent(cursor::durable);
    LOG.info(
        "Connector {} {}-{}: recovered, resuming at {}",
        s.connectorName(),
        topic,
        partition,
        resume.isPresent() ? resume.getAsLong() : "the consumer's committed offset");
    return resume;
  }

  boolean recovered() {
    return ledger != null;
  }

  /** Where this partition stands in Connect's delivery. */
  PartitionCursor cursor() {
    return cursor;
  }

  boolean knownBad(long offset) {
    return badOffsets.contains(offset);
  }

  void markBad(long offset) {
    badOffsets.add(offset);
  }

  /** A record that is deliberately not written (skipped, bad, already landed). */
  void skip(long offset) {
    lastProcessed = offset;
    ledger.recordProcessed(offset);
    cursor.processed(offset);
  }

  /** Writes a row to the file of its folder (the topic after SMTs) and partition path. */
  void write(long offset, MappedRow row, String folder, Partition p, Long recordTimeMs)
      throws IOException {
    if (ledger.alreadyLanded(offset)) {
      skip(offset);
      return;
    }
    String location = s.keys().directory(folder, p);
    OpenFile f = open.get(location);
    if (f != null && (!f.accepts(row) || s.rotation().rotateBefore(f.stats(), recordTimeMs))) {
      commit(f);
      f = null;
    }
    if (f == null) {
      f = openFile(folder, p, row.fileSchema(), offset, recordTimeMs);
    }
    try {
      f.write(row.row());
      if (f.hasWriter()) {
        withWriter.add(f);
      }
    } catch (DataException e) {
      throw new CorruptRow(e);
    }
    // The run goes on while the file takes every offset the partition processes.
    f.runs.add(offset, f.endOffset == lastProcessed);
    f.endOffset = offset;
    lastProcessed = offset;
    ledger.recordProcessed(offset);
    cursor.processed(offset);
    if (s.rotation().rotateAfter(f.stats())) {
      commit(f);
    }
  }

  private OpenFile openFile(
      String folder, Partition p, RowSchema schema, long offset, Long recordTimeMs) {
    String key = s.keys().dataKey(folder, topic, p, partition, offset, s.writers().extension());
    OpenFile f =
        new OpenFile(
            s,
            folder,
            p,
            key,
            schema,
            offset,
            s.clock().instant(),
            recordTimeMs,
            OpenFile.promoteBytes(s.budget().budgetBytes()));
    ledger.fileOpened(f.location, offset);
    open.put(f.location, f);
    return f;
  }

  /** Closes every file whose scheduled rotation is due. */
  void tick(Instant now) throws IOException {
    for (OpenFile f : new ArrayList<>(open.values())) {
      if (s.rotation().rotateOnTick(f.stats(), now)) {
        commit(f);
      }
    }
  }

  private void commit(OpenFile f) throws IOException {
    LandedObject object = f.finish();
    Instant publishBy = s.clock().instant().plus(s.publishTimeout());
    putMarker(ledger.beginCommit(object, publishBy.toEpochMilli()));
    long started = System.nanoTime();
    f.publish(new Deadline(s.clock(), publishBy));
    s.metrics().uploadTimed(System.nanoTime() - started);
    s.events()
        .publish(event(object, f.partition.values(), f.schema.fingerprint(), false, f.keyRanges()));
    putMarker(ledger.completeCommit(object));
    open.remove(f.location);
    withWriter.remove(f);
    f.release();
    s.metrics().objectCommitted(object.recordCount(), object.bytes());
    LOG.info(
        "Connector {} {}-{}: landed {} (offsets {}-{}, {} records, {} bytes)",
        s.connectorName(),
        topic,
        partition,
        object.key(),
        object.startOffset(),
        object.endOffset(),
        object.recordCount(),
        object.bytes());
  }

  /**
   * Writes the marker over the version this writer last wrote or read, never over another owner's:
   * a {@link io.tidemark.connect.s3.errors.PreconditionFailedException} means this task lost the
   * partition (a zombie) and must not write it again.
   */
  private void putMarker(CommitMarker marker) throws IOException {
    String key = s.markers().markerKey(topic, partition);
    try {
      markerEtag = s.store().putIfMatch(key, marker.toJson(), markerEtag);
    } catch (PreconditionFailedException e) {
      // An earlier write of ours may have landed with its reply lost, leaving our ETag stale: the
      // marker's owner tells. Still ours: write over the version there. Another owner's: fenced.
      ObjectStore.Versioned current = s.store().getVersioned(key).orElseThrow(() -> e);
      if (!owner.equals(CommitMarker.fromJson(current.data()).owner())) {
        throw e;
      }
      markerEtag = s.store().putIfMatch(key, marker.toJson(), current.etag());
    }
    ledger.markerWritten(marker);
    cursor.durable(marker.committedOffset());
  }

  /** Moves the durable offset over skipped records; returns the offset safe to commit to Kafka. */
  OptionalLong preCommit() throws IOException {
    if (ledger == null) {
      return OptionalLong.empty();
    }
    CommitMarker advanced = ledger.advance();
    if (advanced != null) {
      putMarker(advanced);
    }
    return ledger.preCommitOffset();
  }

  /** Drops open files unwritten: their records are above the durable offset and come again. */
  void discardAll() {
    for (OpenFile f : open.values()) {
      f.discard();
      if (ledger != null) {
        ledger.fileDiscarded(f.location);
      }
    }
    open.clear();
    withWriter.clear();
  }

  /** Memory the open files' format writers hold outside the buffer budget. */
  long writerMemory() {
    long sum = 0;
    for (OpenFile f : withWriter) {
      sum += f.writerMemory();
    }
    return sum;
  }

  /** The open file whose format writer holds the most memory, or null when none holds any. */
  OpenFile largestWriter() {
    OpenFile largest = null;
    for (OpenFile f : withWriter) {
      if (f.writerMemory() > 0 && (largest == null || f.writerMemory() > largest.writerMemory())) {
        largest = f;
      }
    }
    return largest;
  }

  /** Lands {@code f} early to free the memory its writer holds. */
  void rotateForMemory(OpenFile f) throws IOException {
    LOG.debug(
        "Connector {} {}-{}: closing {} early, the buffer budget is used up",
        s.connectorName(),
        topic,
        partition,
        f.key);
    commit(f);
  }

  int openFiles() {
    return open.size();
  }

  private void republish(LandedObject o) {
    // The marker holds no key ranges: a recovered event has none, and consumers merge it unbounded.
    s.events().publish(event(o, PathValues.parse(o.partitionPath()), null, true, null));
  }

  private CommitEvent event(
      LandedObject o,
      Map<String, String> values,
      String fingerprint,
      boolean recovered,
      Map<String, KeyRanges.Range> keyRanges) {
    return new CommitEvent(
        CommitEvent.VERSION,
        s.connectorName(),
        s.store().bucket(),
        o.key(),
        topic,
        o.folder() != null ? o.folder() : topic,
        partition,
        o.startOffset(),
        o.endOffset(),
        o.recordCount(),
        o.bytes(),
        o.partitionPath(),
        values,
        fingerprint,
        s.writers().format().name(),
        recovered,
        keyRanges);
  }
}
