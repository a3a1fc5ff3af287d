package io.tidemark.connect.s3.sink;

import java.util.OptionalLong;

/**
 * Where one topic partition stands in Connect's delivery, all in one place (README "Exactly once",
 * "The task"). Written from Connect's contract ({@code WorkerSinkTask}): when {@code put} throws
 * {@code RetriableException}, every partition is paused and the SAME batch (less the records of
 * partitions revoked since) is delivered again, for as long as {@code put} throws; seeks asked for
 * with {@code context.offset} apply at the start of the next poll, before anything new is fetched.
 * So a put after a rewind either redelivers the old batch, whose records precede the seek, or
 * brings records fetched from the seek on. {@link SinkWriter} tells which, and calls {@link
 * #seekApplied} for the second.
 *
 * <pre>
 *   STREAMING --rewind--> REWOUND --seek applied--> SEEKING --record >= target--> STREAMING
 *                          |  ^                       |
 *                          +--+ redelivered batch     +--rewind--> REWOUND
 * </pre>
 *
 * <ul>
 *   <li>STREAMING: records this life has already processed (a redelivered batch) are ignored.
 *   <li>REWOUND: the open files were dropped and a seek was asked for; every record is ignored,
 *       however often the old batch comes again, because all of them precede the seek.
 *   <li>SEEKING: the seek has applied; a record below the target is ignored (it is durable), the
 *       first at or above it resumes streaming. Offsets need not be contiguous (compaction,
 *       transaction markers), so the first record may lie past the target.
 *   <li>FENCED (from any state, final): a conditional marker write failed, another task owns the
 *       partition; nothing is written or committed until Connect closes it.
 * </ul>
 */
final class PartitionCursor {

  enum State {
    STREAMING,
    REWOUND,
    SEEKING,
    FENCED
  }

  private State state = State.STREAMING;
  private long seekTarget = -1;

  /** First offset not yet processed in this life; -1 when any offset is new. */
  private long nextExpected = -1;

  /** The committed offset of the last durable marker; -1 before one is known. */
  private long lastDurable = -1;

  /** The first offset delivered in this life: where a rewind goes when nothing is durable. */
  private long firstSeen = -1;

  State state() {
    return state;
  }

  /** Whether {@code offset} must be processed now (not ignored as redelivered or pre-seek). */
  boolean admits(long offset) {
    switch (state) {
      case REWOUND:
      case FENCED:
        return false;
      case SEEKING:
        if (offset < seekTarget) {
          return false;
        }
        state = State.STREAMING;
        return true;
      default:
        return nextExpected < 0 || offset >= nextExpected;
    }
  }

  /** Whether the partition writes now (not waiting for a rewind, not fenced). */
  boolean streaming() {
    return state == State.STREAMING || state == State.SEEKING;
  }

  /**
   * Another writer owns the partition's marker now: this task lost the partition and writes and
   * commits nothing more of it until Connect closes it.
   */
  void fenced() {
    state = State.FENCED;
  }

  boolean isFenced() {
    return state == State.FENCED;
  }

  void delivered(long offset) {
    if (firstSeen < 0) {
      firstSeen = offset;
    }
  }

  /** {@code offset} was written, skipped or reported bad: a redelivery of it is ignored. */
  void processed(long offset) {
    delivered(offset);
    nextExpected = offset + 1;
  }

  /** The open files are gone: whatever this life processed and did not land comes again. */
  void forgetProcessed() {
    nextExpected = -1;
  }

  void durable(long committedOffset) {
    lastDurable = committedOffset;
  }

  /** Where to seek after dropping everything undurable, if anything was consumed at all. */
  OptionalLong rewindOffset() {
    if (lastDurable >= 0) {
      return OptionalLong.of(lastDurable);
    }
    return firstSeen >= 0 ? OptionalLong.of(firstSeen) : OptionalLong.empty();
  }

  /** A seek to {@code target} was asked for in a {@code put} that now throws. */
  void rewound(OptionalLong target) {
    state = State.REWOUND;
    seekTarget = target.orElse(-1);
    forgetProcessed();
  }

  /** Records fetched after the seek arrive: from now on records at or above the target count. */
  void seekApplied() {
    if (state == State.REWOUND) {
      state = State.SEEKING;
    }
  }
}
