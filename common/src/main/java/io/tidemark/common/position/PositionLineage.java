package io.tidemark.common.position;

import java.util.Objects;

/**
 * Detects a change of the source's log lineage in one Kafka topic partition, from CdcUnwrap's
 * change positions (see {@code ChangePosition} in the smt module) read in Kafka-offset order.
 *
 * <p>Debezium writes one source's changes to a topic partition in log order, so there the
 * <em>source part</em> of the position (file and pos, or GTID; with its epoch prefix; without the
 * snapshot flag and the sequence, which are {@code -S-QQQ...}) never decreases, with one legitimate
 * exception: Debezium is an at-least-once source and, after a restart, re-sends the changes after
 * its last committed source offset (a replay of a suffix of the log). A lineage change (a fail-over
 * to a server with its own binlog numbering or GTID server, {@code RESET MASTER}, a restore) also
 * makes a higher offset carry a lower position, and then merging by position would silently keep
 * the older change. The two differ in time: a re-sent change was logged no later than the newest
 * change already seen in the partition; a change of a new lineage was logged after it.
 *
 * <p>A step back (source part lower than the highest seen) is therefore a re-send only when
 *
 * <ul>
 *   <li>it stays in the same lineage kind (binlog, or GTID of the same server UUID) and epoch, and
 *   <li>its source timestamp is older than the newest source timestamp seen, or equal to it and its
 *       position is not below the lowest position seen with that newest timestamp (a re-sent change
 *       of that second was seen in that second, at or above that lowest position).
 * </ul>
 *
 * Everything else is a lineage break ({@link LineageBreakException}). A position that moves forward
 * is always accepted: whatever its lineage, it sorts after everything before it, so nothing is lost
 * by merging by position. Records without a position are not checked; a step back without a source
 * timestamp cannot be told from a re-send, so it is a break.
 *
 * <p>What remains undetectable (documented in the module READMEs): a new lineage whose first change
 * in a partition carries a source timestamp older than the newest one seen there (a new server
 * whose clock lags the old one by more than the fail-over took, a clock stepped back) or in the
 * same second and not below that second's lowest position, or in the second in which the mark began
 * (its {@code startTs}: the first check after an upgrade, or of a partition with nothing stored),
 * whose earlier changes were never seen.
 *
 * <p>The {@link Mark} is what a sink stores durably with its committed offsets, so a break that
 * straddles a restart is still caught.
 */
public final class PositionLineage {

  /** {@code -S-} then 19 digits: the snapshot flag and sequence that end every position. */
  private static final int SUFFIX = 3 + 19;

  /** The prefix of a position of epoch n > 0: {@code z} then 6 digits then {@code :}. */
  public static final char EPOCH_MARK = 'z';

  public static final int EPOCH_DIGITS = 6;

  private PositionLineage() {}

  /**
   * What the records of one partition checked so far say: the highest source part seen and the
   * offset of its record, the newest source timestamp seen (epoch ms, or null when none had one),
   * the lowest source part seen with that timestamp, and {@code startTs}: the source time of the
   * first change checked when the mark began past the partition's first offset (after an upgrade,
   * or where nothing was stored), whose earlier changes it never saw; null when it saw them all.
   */
  public record Mark(String high, long highOffset, Long maxTs, String lowAtMaxTs, Long startTs) {
    public Mark {
      Objects.requireNonNull(high, "high");
    }

    /** A mark whose history is complete (read from a version 1 text). */
    public Mark(String high, long highOffset, Long maxTs, String lowAtMaxTs) {
      this(high, highOffset, maxTs, lowAtMaxTs, null);
    }

    /** A compact text for a sink's offsets store; {@link #decode} reads it back. */
    public String encode() {
      return "2|"
          + (startTs == null ? "" : startTs.toString())
          + "|"
          + highOffset
          + "|"
          + (maxTs == null ? "" : maxTs.toString())
          + "|"
          + high
          + "|"
          + (lowAtMaxTs == null ? "" : lowAtMaxTs);
    }

    /** The mark {@link #encode} wrote, or null for null or empty text (nothing checked yet). */
    public static Mark decode(String text) {
      if (text == null || text.isEmpty()) {
        return null;
      }
      String[] parts = text.split("\\|", -1);
      boolean v1 = parts.length == 5 && parts[0].equals("1");
      boolean v2 = parts.length == 6 && parts[0].equals("2");
      int at = v2 ? 1 : 0;
      if (!(v1 || v2) || parts[3 + at].isEmpty()) {
        throw new IllegalArgumentException("not a position lineage mark: '" + text + "'");
      }
      return new Mark(
          parts[3 + at],
          Long.parseLong(parts[1 + at]),
          parts[2 + at].isEmpty() ? null : Long.valueOf(parts[2 + at]),
          parts[4 + at].isEmpty() ? null : parts[4 + at],
          v2 && !parts[1].isEmpty() ? Long.valueOf(parts[1]) : null);
    }
  }

  /**
   * The mark after the record at {@code offset} with {@code position} (null: no position, nothing
   * checked) and source timestamp {@code sourceTs} (epoch ms, or null), given {@code mark} (null:
   * nothing seen). Throws {@link LineageBreakException} on a lineage break.
   */
  public static Mark next(
      Mark mark, String topic, int partition, long offset, String position, Long sourceTs) {
    if (position == null) {
      return mark;
    }
    String source = sourcePart(position);
    if (mark == null) {
      // Begun past the partition's first offset, the mark never saw the changes before it.
      return new Mark(
          source, offset, sourceTs, sourceTs == null ? null : source, offset > 0 ? sourceTs : null);
    }
    if (source.compareTo(mark.high()) >= 0) {
      Long maxTs = mark.maxTs();
      String low = mark.lowAtMaxTs();
      if (sourceTs != null && (maxTs == null || sourceTs > maxTs)) {
        maxTs = sourceTs;
        low = source;
      } else if (sourceTs != null && sourceTs.equals(maxTs) && (low == null)) {
        low = source;
      }
      return new Mark(source, offset, maxTs, low, mark.startTs());
    }
    String why = resendOrWhyNot(mark, source, sourceTs);
    if (why == null) {
      return mark; // a re-sent change: the mark already covers it
    }
    throw new LineageBreakException(
        message(mark, topic, partition, offset, position, source, sourceTs, why));
  }

  /** Null when a step back to {@code source} is a re-send, else why it is not. */
  private static String resendOrWhyNot(Mark mark, String source, Long sourceTs) {
    String was = lineage(mark.high());
    String now = lineage(source);
    if (!was.equals(now)) {
      return "the lineage changed from " + was + " to " + now;
    }
    if (sourceTs == null || mark.maxTs() == null) {
      return "without source timestamps a step back cannot be told from Debezium re-sending"
          + " changes after a restart";
    }
    if (sourceTs < mark.maxTs()) {
      return null;
    }
    if (sourceTs.equals(mark.maxTs())
        && mark.lowAtMaxTs() != null
        && source.compareTo(mark.lowAtMaxTs()) >= 0) {
      return null;
    }
    if (sourceTs.equals(mark.maxTs()) && sourceTs.equals(mark.startTs())) {
      // The mark began in this very second (a first check, or one after an upgrade or a stored
      // mark cleared): changes of it that came before were never seen, so a step back within it
      // may be one of them re-sent.
      return null;
    }
    return "it was logged at "
        + time(sourceTs)
        + ", not before the newest change already seen, so it is not Debezium re-sending older"
        + " changes";
  }

  /**
   * The source part of a position: without the trailing {@code -S-QQQQQQQQQQQQQQQQQQQ} (snapshot
   * flag and sequence); a position of another shape is used whole.
   */
  public static String sourcePart(String position) {
    int n = position.length();
    if (n > SUFFIX
        && position.charAt(n - SUFFIX) == '-'
        && (position.charAt(n - SUFFIX + 1) == '0' || position.charAt(n - SUFFIX + 1) == '1')
        && position.charAt(n - SUFFIX + 2) == '-') {
      for (int i = n - 19; i < n; i++) {
        char c = position.charAt(i);
        if (c < '0' || c > '9') {
          return position;
        }
      }
      return position.substring(0, n - SUFFIX);
    }
    return position;
  }

  /** The epoch of a position (0 without an epoch prefix). */
  public static long epoch(String position) {
    if (position.length() > EPOCH_DIGITS + 1
        && position.charAt(0) == EPOCH_MARK
        && position.charAt(EPOCH_DIGITS + 1) == ':') {
      try {
        return Long.parseLong(position.substring(1, EPOCH_DIGITS + 1));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private static String withoutEpoch(String source) {
    return epoch(source) == 0 && (source.isEmpty() || source.charAt(0) != EPOCH_MARK)
        ? source
        : source.substring(Math.min(source.length(), EPOCH_DIGITS + 2));
  }

  /** {@code epoch n, binlog} or {@code epoch n, GTID server <uuid>}. */
  static String lineage(String source) {
    String rest = withoutEpoch(source);
    String kind;
    if (rest.startsWith("g:")) {
      int colon = rest.lastIndexOf(':');
      kind = "GTID server " + (colon > 2 ? rest.substring(2, colon) : rest.substring(2));
    } else {
      kind = "binlog";
    }
    return "epoch " + epoch(source) + ", " + kind;
  }

  private static String time(Long epochMillis) {
    return epochMillis == null ? "unknown" : java.time.Instant.ofEpochMilli(epochMillis).toString();
  }

  private static String message(
      Mark mark,
      String topic,
      int partition,
      long offset,
      String position,
      String source,
      Long sourceTs,
      String why) {
    long epoch = Math.max(epoch(source), epoch(mark.high()));
    return "position lineage break at "
        + topic
        + "-"
        + partition
        + "@"
        + offset
        + ": change position "
        + position
        + " (source time "
        + time(sourceTs)
        + ") sorts before "
        + mark.high()
        + " of the change at offset "
        + mark.highOffset()
        + " (newest source time seen "
        + time(mark.maxTs())
        + ") in the same partition, and "
        + why
        + ". Debezium writes a source's changes to a partition in log order, so the source's log"
        + " lineage changed (a fail-over to a server with its own binlog numbering or GTID"
        + " server, RESET MASTER, a restore): merged by position, this change and those after it"
        + " would silently lose to older ones. The task stops; nothing at or after this offset is"
        + " written or committed. Remedy: set CdcUnwrap's position.epoch to "
        + (epoch + 1)
        + " in every connector that lands this topic and restart them (positions of a higher"
        + " epoch sort after every position of lower ones); if the task stops again at a later"
        + " offset of another partition, that one still had changes of the old lineage: raise"
        + " the epoch once more (see the smt README, 'Position lineage').";
  }
}
