package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * The position lineage check on the real {@link RedshiftSinkTask}: generated partitions of Debezium
 * changes (re-sent suffixes after source restarts; maybe a RESET MASTER) put in random chunks by
 * tasks that are restarted between puts (a new task reading what the previous one committed,
 * lineage mark included) and get puts redelivered. A re-send never stops the task; a lineage break
 * always does, at its offset, with nothing of that put written and nothing at or after it
 * committed, also when the break comes right after a restart.
 */
class PositionLineageTaskTest {

  private static final Schema VALUE =
      SchemaBuilder.struct()
          .name("v")
          .field("id", Schema.INT64_SCHEMA)
          .field("__position", Schema.OPTIONAL_STRING_SCHEMA)
          .field("__source_ts", Timestamp.builder().optional().build())
          .build();

  private static final Pattern OFFSETS_INSERT =
      Pattern.compile(
          "SELECT 'rs', 'orders', 0, (-?\\d+)(?:, (?:'([^']*)'|CAST\\(NULL AS VARCHAR\\(1020\\)\\)))?"
              + " FROM \"tidemark_guard\"");

  /** A change as Debezium logged it. */
  record Change(long file, long pos, long tsSeconds) {}

  static SinkRecord record(long offset, Change c) {
    Struct value =
        new Struct(VALUE)
            .put("id", offset % 7)
            .put("__position", String.format("%010d-%019d-1-%019d", c.file(), c.pos(), offset))
            .put("__source_ts", new java.util.Date(c.tsSeconds() * 1000));
    return new SinkRecord("orders", 0, null, null, VALUE, value, offset);
  }

  /** The partition and, when it has one, the offset of the first change of a new lineage. */
  record Partition(List<SinkRecord> records, long breakAt) {}

  static Partition generate(Random random) {
    List<Change> log = new ArrayList<>();
    List<SinkRecord> records = new ArrayList<>();
    long file = 3 + random.nextInt(5);
    long pos = 4;
    long ts = 1_700_000_000L;
    long maxTs = ts;
    int length = 10 + random.nextInt(40);
    int resetAt = random.nextBoolean() ? 1 + random.nextInt(length - 1) : -1;
    long breakAt = -1;
    for (int i = 0; i < length; i++) {
      if (random.nextInt(5) == 0 && !log.isEmpty() && breakAt < 0) {
        // Debezium restarted: it re-sends what it logged after its last committed offset.
        int from = Math.max(0, log.size() - 1 - random.nextInt(6));
        for (int j = from; j < log.size(); j++) {
          records.add(record(records.size(), log.get(j)));
        }
      }
      if (i == resetAt) {
        file = 1; // RESET MASTER, then changes logged in the same or a later second
        pos = 4 + random.nextInt(100);
        ts = maxTs + random.nextInt(2);
        breakAt = records.size();
      } else {
        pos += random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(300);
        ts += random.nextInt(3) - (random.nextInt(4) == 0 ? 1 : 0);
      }
      Change c = new Change(file, pos, ts);
      log.add(c);
      records.add(record(records.size(), c));
      maxTs = Math.max(maxTs, ts);
    }
    return new Partition(records, breakAt);
  }

  /** A Connect worker's view: tasks come and go, each reading what is committed in Redshift. */
  private static final class Worker {
    final InMemoryRunner runner = new InMemoryRunner();
    RedshiftSinkTask task;
    String mark;
    long committed;

    Worker() {
      runner.columns.addAll(List.of("id", "__position", "__source_ts"));
    }

    /** A new task (the previous one crashed or was rebalanced away) on what is committed. */
    void restart() {
      readCommitted();
      List<List<String>> rows = new ArrayList<>();
      if (committed > 0) {
        rows.add(java.util.Arrays.asList("orders", "0", Long.toString(committed), mark));
      }
      runner.committedRows = rows;
      task = new RedshiftSinkTask((config, log) -> runner);
      task.initialize(
          new io.tidemark.stack.kit.connect.RecordingSinkContext().withErrantRecordReporter());
      Map<String, String> props = new HashMap<>();
      props.put("name", "rs");
      props.put(RedshiftSinkConfig.REGION, "us-east-1");
      props.put(RedshiftSinkConfig.WORKGROUP, "wg");
      props.put(RedshiftSinkConfig.MAX_STATEMENTS, "10");
      props.put(RedshiftSinkConfig.KEY_FIELDS, "id");
      props.put(RedshiftSinkConfig.MAX_STATEMENT_BYTES, "4096");
      task.start(props);
      task.open(List.of(new TopicPartition("orders", 0)));
    }

    /** The offsets row as the last applied transaction left it. */
    void readCommitted() {
      for (List<String> batch : runner.batches) {
        for (String sql : batch) {
          Matcher m = OFFSETS_INSERT.matcher(sql);
          if (sql.startsWith("INSERT INTO \"public\".\"tidemark_offsets\"") && m.find()) {
            committed = Long.parseLong(m.group(1));
            mark = m.group(2);
          }
        }
      }
    }
  }

  @Test
  void reSendsNeverStopTheTaskAndABreakAlwaysDoesAcrossRestartsAndRedeliveries() {
    long seed = Long.getLong("lineage.seed", System.nanoTime());
    int breaks = 0;
    for (int h = 0; h < 300; h++) {
      Random random = new Random(seed + h);
      Partition p = generate(random);
      Worker worker = new Worker();
      worker.restart();
      String label = "seed " + (seed + h) + ", break at " + p.breakAt();
      ConnectException stopped = null;
      int puts = 0;
      while (worker.committed < p.records().size() && puts++ < 200) {
        if (random.nextInt(4) == 0) {
          worker.restart();
        }
        int from = (int) worker.committed;
        int to = Math.min(p.records().size(), from + 1 + random.nextInt(8));
        List<SinkRecord> chunk = p.records().subList(from, to);
        try {
          worker.task.put(chunk);
          if (random.nextInt(5) == 0) {
            worker.task.put(chunk); // redelivered: nothing new
          }
        } catch (ConnectException e) {
          stopped = e;
          break;
        }
        worker.readCommitted();
      }
      worker.readCommitted();
      if (p.breakAt() < 0) {
        assertThat(stopped).as(label).isNull();
        assertThat(worker.committed).as(label).isEqualTo(p.records().size());
      } else {
        breaks++;
        assertThat(stopped).as(label).isNotNull();
        assertThat(stopped.getMessage())
            .as(label)
            .contains("position lineage break at orders-0@" + p.breakAt())
            .contains("position.epoch to 1");
        // What came before the break is written (so a raised epoch applies from the break on),
        // nothing at or after it.
        assertThat(worker.committed).as(label + ": committed").isEqualTo(p.breakAt());
        assertThat(stagedOffsets(worker.runner))
            .as(label + ": offsets of staged changes")
            .allMatch(o -> o < p.breakAt())
            .hasSizeGreaterThanOrEqualTo((int) Math.min(1, p.breakAt()));
        // Restarted, the task stops at the same change again: never a silent skip.
        worker.restart();
        List<SinkRecord> rest = p.records().subList((int) worker.committed, p.records().size());
        assertThatThrownBy(() -> worker.task.put(rest))
            .as(label)
            .hasMessageContaining("orders-0@" + p.breakAt());
      }
    }
    assertThat(breaks).isGreaterThan(50);
  }

  private static final Pattern STAGED_POSITION = Pattern.compile("-[01]-(\\d{19})'");

  /** The Kafka offsets (the positions' sequence part) of every change staged in a transaction. */
  static List<Long> stagedOffsets(InMemoryRunner runner) {
    List<Long> offsets = new ArrayList<>();
    for (List<String> batch : runner.batches) {
      for (String sql : batch) {
        if (sql.startsWith("INSERT INTO \"tidemark_stage")) {
          Matcher m = STAGED_POSITION.matcher(sql);
          while (m.find()) {
            offsets.add(Long.parseLong(m.group(1)));
          }
        }
      }
    }
    return offsets;
  }

  @Test
  void aBreakRightAfterARestartIsCaughtFromTheStoredMark() {
    Worker worker = new Worker();
    worker.restart();
    worker.task.put(
        List.of(
            record(0, new Change(7, 100, 1_700_000_000L)),
            record(1, new Change(7, 900, 1_700_000_001L))));
    worker.readCommitted();
    assertThat(worker.committed).isEqualTo(2);
    assertThat(worker.mark)
        .isEqualTo(
            "2||1|1700000001000|0000000007-0000000000000000900|"
                + "0000000007-0000000000000000900");
    worker.restart(); // the new task knows nothing but the offsets row
    // Debezium re-sending the first change is fine ...
    worker.task.put(List.of(record(2, new Change(7, 100, 1_700_000_000L))));
    worker.restart();
    // ... RESET MASTER is not: mysql-bin.000001, logged later.
    assertThatThrownBy(() -> worker.task.put(List.of(record(3, new Change(1, 4, 1_700_000_005L)))))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(org.apache.kafka.connect.errors.RetriableException.class)
        .hasMessageContaining("position lineage break at orders-0@3")
        .hasMessageContaining("0000000001-0000000000000000004-1-0000000000000000003")
        .hasMessageContaining("0000000007-0000000000000000900 of the change at offset 1");
    worker.readCommitted();
    assertThat(worker.committed).isEqualTo(3);
  }
}
