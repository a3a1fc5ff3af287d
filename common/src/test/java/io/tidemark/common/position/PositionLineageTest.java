package io.tidemark.common.position;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PositionLineage} on generated partitions: Debezium streams (binlog and GTID, snapshot rows
 * at the resume point, source times that go back a little in log order) with re-sent suffixes after
 * source restarts, sinks that restart between any two records (the mark stored and read back) and
 * redeliver from an earlier committed offset; and lineage changes (RESET MASTER, a fail-over to
 * another numbering or GTID server) logged after the newest change seen.
 */
class PositionLineageTest {

  private static final String T = "db.s.users";

  /** One change as Debezium logged it, before Kafka. */
  record Event(long file, long pos, long ts, boolean snapshot, String gtidServer, long epoch) {
    String position(long offset) {
      String p =
          gtidServer == null
              ? String.format("%010d-%019d-%s-%019d", file, pos, snapshot ? "0" : "1", offset)
              : String.format("g:%s:%019d-%s-%019d", gtidServer, pos, snapshot ? "0" : "1", offset);
      return epoch == 0 ? p : String.format("z%06d:%s", epoch, p);
    }
  }

  /** A record in the partition: its event and whether it is the first of a new lineage. */
  record Rec(Event event, boolean newLineage) {}

  @Test
  void reSentSuffixesRestartsAndRedeliveriesNeverStopAndEveryLineageBreakIsCaught() {
    long seed = Long.getLong("lineage.seed", System.nanoTime());
    int histories = 3000;
    int breaks = 0;
    int resends = 0;
    for (int h = 0; h < histories; h++) {
      Random random = new Random(seed + h);
      History history = generate(random);
      resends += history.resends;
      Integer caught = run(history.records, random);
      String label = "seed " + (seed + h) + ": " + history.records;
      if (history.breakAt < 0) {
        assertThat(caught).as(label).isNull();
      } else {
        breaks++;
        assertThat(caught).as(label).isEqualTo(history.breakAt);
      }
    }
    assertThat(breaks).isGreaterThan(histories / 4);
    assertThat(resends).isGreaterThan(histories / 2);
  }

  record History(List<Rec> records, int breakAt, int resends) {}

  /**
   * A partition: log events in order with at-least-once re-sends; maybe one lineage change whose
   * first step back is where a break must be caught (-1: none, or the new lineage happens to sort
   * after everything before it, which loses nothing).
   */
  private static History generate(Random random) {
    List<Event> log = new ArrayList<>();
    List<Rec> records = new ArrayList<>();
    boolean gtid = random.nextBoolean();
    String server = gtid ? "3e11fa47-71ca-11e1-9e33-c80aa942956" + random.nextInt(10) : null;
    long file = 1 + random.nextInt(20);
    long pos = 4 + random.nextInt(1000);
    long ts = 1_700_000_000_000L;
    long maxTs = ts;
    // The initial snapshot: every row at the position streaming resumes from.
    int snapshotRows = random.nextInt(4);
    for (int i = 0; i < snapshotRows; i++) {
      Event e = new Event(file, pos, ts + i, true, server, 0);
      log.add(e);
      records.add(new Rec(e, false));
    }
    maxTs = ts + Math.max(0, snapshotRows - 1);
    String maxSource = log.isEmpty() ? null : source(log.get(0));
    int length = 5 + random.nextInt(40);
    int changeAt = random.nextInt(3) == 0 ? -1 : random.nextInt(length);
    int resends = 0;
    int breakAt = -1;
    long epoch = 0;
    for (int i = 0; i < length; i++) {
      if (i == changeAt) {
        // A lineage change, logged after every change seen (the clock moved on, maybe within the
        // second only when the old lineage logged nothing else in it).
        int kind = random.nextInt(3);
        if (kind == 0 && !gtid) {
          file = 1; // RESET MASTER
          pos = 4 + random.nextInt(200);
        } else if (kind == 1 && gtid) {
          server = "00000000-0000-0000-0000-00000000000" + random.nextInt(10); // sorts lower
          pos = 1 + random.nextInt(5);
        } else {
          file = Math.max(1, file - random.nextInt(3)); // a restore or another numbering
          pos = 4 + random.nextInt(2000);
        }
        ts = maxTs + 1000 * (1 + random.nextInt(3));
        Event e = new Event(file, pos, ts, false, server, epoch);
        log.add(e);
        records.add(new Rec(e, true));
        if (maxSource != null && source(e).compareTo(maxSource) < 0 && breakAt < 0) {
          breakAt = records.size() - 1;
        }
        maxSource = max(maxSource, source(e));
        maxTs = Math.max(maxTs, ts);
        continue;
      }
      if (random.nextInt(6) == 0 && log.size() > 1) {
        // Debezium restarts and re-sends a suffix of what it logged (after its last committed
        // source offset), then goes on.
        int from = Math.max(0, log.size() - 1 - random.nextInt(8));
        for (int j = from; j < log.size(); j++) {
          records.add(new Rec(log.get(j), false));
        }
        resends++;
      }
      // The next change in log order: a later transaction or the same one; its source time
      // mostly moves on, sometimes stays in the second, sometimes goes back a little (a
      // statement's start time in commit order).
      int step = random.nextInt(3);
      if (step > 0) {
        pos += 1 + random.nextInt(500);
      }
      if (random.nextInt(8) == 0 && !gtid) {
        file++; // a binlog rotation (GTID numbers go on)
        pos = 4 + random.nextInt(100);
      }
      int clock = random.nextInt(4);
      ts = clock == 0 ? ts : clock == 1 ? ts - 1000 * random.nextInt(2) : ts + 1000;
      Event e = new Event(file, pos, ts, false, server, epoch);
      log.add(e);
      records.add(new Rec(e, false));
      maxSource = max(maxSource, source(e));
      maxTs = Math.max(maxTs, ts);
    }
    if (breakAt >= 0) {
      // Re-sends after the break are of the new lineage; the first step back is what counts.
      return new History(records, breakAt, resends);
    }
    return new History(records, -1, resends);
  }

  private static String source(Event e) {
    return PositionLineage.sourcePart(e.position(0));
  }

  private static String max(String a, String b) {
    return a == null || b.compareTo(a) > 0 ? b : a;
  }

  /**
   * Checks {@code records} as a sink does, restarting between random records (the mark at its
   * committed offset stored as text and read back) and redelivering from there; returns the index
   * of the record that raised a break, or null.
   */
  private static Integer run(List<Rec> records, Random random) {
    List<String> stored = new ArrayList<>(); // stored.get(i): the mark before record i, as text
    PositionLineage.Mark mark = null;
    int i = 0;
    int restarts = 0;
    while (i < records.size()) {
      while (stored.size() <= i) {
        stored.add(mark == null ? "" : mark.encode());
      }
      if (restarts < 5 && random.nextInt(10) == 0) {
        // A restart or rewind: back to a committed offset, the mark read back from the store.
        i = random.nextInt(i + 1);
        mark = PositionLineage.Mark.decode(stored.get(i));
        restarts++;
        continue;
      }
      Event e = records.get(i).event();
      try {
        mark = PositionLineage.next(mark, T, 0, i, e.position(i), e.ts());
      } catch (LineageBreakException b) {
        assertThat(b.getMessage()).contains(T + "-0@" + i).contains(e.position(i));
        return i;
      }
      i++;
    }
    return null;
  }

  @Test
  void resetMasterInTheSameSecondIsCaughtBelowThatSecondsLowestPosition() {
    PositionLineage.Mark mark = null;
    mark = PositionLineage.next(mark, T, 0, 0, pos(7, 500, 0), 10_000L);
    mark = PositionLineage.next(mark, T, 0, 1, pos(7, 900, 1), 10_000L);
    PositionLineage.Mark at = mark;
    // RESET MASTER; the next change in the same second at mysql-bin.000001.
    assertThatThrownBy(() -> PositionLineage.next(at, T, 0, 2, pos(1, 300, 2), 10_000L))
        .isInstanceOf(LineageBreakException.class)
        .hasMessageContaining("db.s.users-0@2")
        .hasMessageContaining(pos(1, 300, 2))
        .hasMessageContaining("0000000007-0000000000000000900")
        .hasMessageContaining("position.epoch to 1");
    // Debezium re-sending the change at 500 in that second is no break.
    assertThat(PositionLineage.next(at, T, 0, 2, pos(7, 500, 2), 10_000L)).isEqualTo(at);
  }

  /**
   * Found by a second reader: a mark that began past the partition's first offset (nothing stored,
   * e.g. right after the upgrade that added the mark) never saw the changes before it, so Debezium
   * re-sending one of them in the mark's first second is no break; a mark that saw the partition
   * from its start keeps the same-second rule (above). The mark's start survives storing.
   */
  @Test
  void aReSendInTheFirstSecondOfAMarkThatBeganMidwayIsNoBreak() {
    // Committed next offset 2 with no mark; offsets 2 and 3 (pos 200, 300) are checked in second T.
    PositionLineage.Mark mark = PositionLineage.next(null, T, 0, 2, pos(7, 200, 2), 10_000L);
    mark = PositionLineage.next(mark, T, 0, 3, pos(7, 300, 3), 10_000L);
    mark = PositionLineage.Mark.decode(mark.encode());
    // Debezium restarts and re-sends from pos 100 (offset 1's change, never checked), same second.
    assertThat(PositionLineage.next(mark, T, 0, 4, pos(7, 100, 4), 10_000L)).isEqualTo(mark);
    // In a later second the usual rules hold again: a step back there is a break.
    PositionLineage.Mark later = PositionLineage.next(mark, T, 0, 5, pos(7, 400, 5), 11_000L);
    assertThatThrownBy(() -> PositionLineage.next(later, T, 0, 6, pos(1, 5, 6), 11_000L))
        .isInstanceOf(LineageBreakException.class);
    // A version 1 text (no start) reads as a mark that saw everything.
    assertThat(PositionLineage.Mark.decode("1|3|10000|0000000007-0000000000000000300|x").startTs())
        .isNull();
  }

  @Test
  void aStepBackOfAnotherGtidServerOrEpochIsABreakWhateverItsTime() {
    PositionLineage.Mark mark =
        PositionLineage.next(null, T, 0, 0, "g:bbbb:0000000000000000009-1-0000000000000000000", 5L);
    PositionLineage.Mark at = mark;
    assertThatThrownBy(
            () ->
                PositionLineage.next(
                    at, T, 0, 1, "g:aaaa:0000000000000000100-1-0000000000000000001", 1L))
        .isInstanceOf(LineageBreakException.class)
        .hasMessageContaining("GTID server bbbb to epoch 0, GTID server aaaa");
    PositionLineage.Mark epoch1 =
        PositionLineage.next(null, T, 0, 0, "z000001:" + pos(1, 4, 0), 5L);
    assertThatThrownBy(() -> PositionLineage.next(epoch1, T, 0, 1, pos(9, 4, 1), 1L))
        .hasMessageContaining("from epoch 1, binlog to epoch 0, binlog")
        .hasMessageContaining("position.epoch to 2");
    // A higher epoch sorts after everything: a new lineage starts.
    PositionLineage.Mark bumped = PositionLineage.next(at, T, 0, 1, "z000001:" + pos(1, 4, 1), 9L);
    assertThat(bumped.high()).isEqualTo("z000001:0000000001-0000000000000000004");
  }

  @Test
  void noPositionNoCheckAndNoTimestampNoReSend() {
    PositionLineage.Mark mark = PositionLineage.next(null, T, 0, 0, pos(5, 100, 0), null);
    assertThat(PositionLineage.next(mark, T, 0, 1, null, null)).isEqualTo(mark);
    assertThatThrownBy(() -> PositionLineage.next(mark, T, 0, 2, pos(5, 50, 2), null))
        .hasMessageContaining("without source timestamps");
    // The snapshot flag and the sequence do not count: a snapshot row at the resume point, an
    // incremental-snapshot read at the current position.
    PositionLineage.Mark streamed = PositionLineage.next(mark, T, 0, 3, pos(5, 100, 3), 1L);
    assertThat(
            PositionLineage.next(
                streamed, T, 0, 4, "0000000005-0000000000000000100-0-0000000000000000004", 1L))
        .isNotNull();
    assertThat(PositionLineage.Mark.decode(streamed.encode())).isEqualTo(streamed);
    assertThat(PositionLineage.Mark.decode("")).isNull();
  }

  private static String pos(long file, long pos, long offset) {
    return new Event(file, pos, 0, false, null, 0).position(offset);
  }
}
