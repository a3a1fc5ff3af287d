package io.tidemark.connect.redshift.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.redshift.sql.SourceOffset.TopicPartitionKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Generated Debezium histories (MySQL changes over a few keys, keys hashed to 1-3 partitions,
 * Debezium re-sending a suffix of the binlog at random points, so positions disagree with offsets)
 * planned by the real {@link InsertPathPlanner} into many small transactions. The expectations come
 * from the generated history: per partition the committed offsets never go back and end one past
 * the last offset; a crash after any transaction leaves no change below the committed offset
 * unwritten and none above it written (so append mode writes every change once); and applying the
 * transactions as the stage SQL does (latest staged position per key within a transaction), with a
 * crash and redelivery from the committed offsets, ends with each key's last MySQL change.
 */
class SplitWritePlanTest {
  private static final RedshiftNames NAMES = RedshiftNames.defaults();
  private static final TableDef TABLE =
      new TableDef(
          "public",
          "t",
          List.of(new ColumnDef("id", "BIGINT", false), new ColumnDef("v", "BIGINT", true)),
          List.of("id"));
  private static final OffsetsTable OFFSETS = new OffsetsTable(NAMES, "public", "o", "c");
  private static final Pattern TUPLE =
      Pattern.compile("\\((-?\\d+), (NULL|-?\\d+), '([ud])', (\\d+)\\)");

  /** One emitted change: MySQL event index (its position), key, delete, partition and offset. */
  record Emitted(int event, long key, boolean delete, SourceOffset source) {}

  record History(
      List<Emitted> emitted, Map<Long, Integer> lastEvent, Map<Integer, Boolean> deletes) {}

  static History generate(Random random) {
    int partitions = 1 + random.nextInt(3);
    int events = 10 + random.nextInt(50);
    long[] keys = new long[events];
    boolean[] delete = new boolean[events];
    for (int e = 0; e < events; e++) {
      keys[e] = random.nextInt(6);
      delete[e] = random.nextInt(4) == 0;
    }
    Map<Integer, Long> nextOffset = new HashMap<>();
    List<Emitted> emitted = new ArrayList<>();
    int cursor = 0;
    while (cursor < events) {
      int e = cursor++;
      int partition = (int) (keys[e] % partitions);
      long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
      emitted.add(new Emitted(e, keys[e], delete[e], new SourceOffset("t", partition, offset)));
      if (random.nextInt(8) == 0) {
        cursor = Math.max(0, cursor - 1 - random.nextInt(10)); // Debezium re-sends a suffix
      }
    }
    Map<Long, Integer> lastEvent = new HashMap<>();
    Map<Integer, Boolean> deletes = new HashMap<>();
    for (int e = 0; e < events; e++) {
      lastEvent.put(keys[e], e);
      deletes.put(e, delete[e]);
    }
    return new History(emitted, lastEvent, deletes);
  }

  /** The rows in the order PendingBatch gives them: by position (event), then offset. */
  static List<ChangeRow> rows(List<Emitted> emitted) {
    List<Emitted> sorted = new ArrayList<>(emitted);
    sorted.sort(
        Comparator.comparingInt(Emitted::event)
            .thenComparingInt(e -> e.source().partition())
            .thenComparingLong(e -> e.source().offset()));
    List<ChangeRow> rows = new ArrayList<>();
    for (Emitted e : sorted) {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("id", e.key());
      values.put("v", (long) e.event());
      rows.add(new ChangeRow(values, e.delete(), e.source()));
    }
    return rows;
  }

  /** The staged rows of one transaction: (row index, op) per tuple of its stage INSERTs. */
  static List<int[]> staged(Transaction tx) {
    List<int[]> out = new ArrayList<>();
    for (String s : tx.statements()) {
      if (s.startsWith("INSERT INTO \"tidemark_stage_")) {
        Matcher m = TUPLE.matcher(s);
        while (m.find()) {
          out.add(new int[] {Integer.parseInt(m.group(4))});
        }
      }
    }
    return out;
  }

  @Test
  void splitWritesCommitOnlyWhatIsWrittenAndEndWithTheLatestChangePerKey() {
    InsertPathPlanner upsert =
        new InsertPathPlanner(
            new StageSql(NAMES, WriteMode.UPSERT), OFFSETS, new StatementLimits(10, 4096));
    InsertPathPlanner append =
        new InsertPathPlanner(
            new StageSql(NAMES, WriteMode.APPEND), OFFSETS, new StatementLimits(11, 4096));
    for (long seed = 1; seed <= 300; seed++) {
      Random random = new Random(seed);
      History history = generate(random);
      for (InsertPathPlanner planner : List.of(upsert, append)) {
        check(seed, planner, history, random);
      }
    }
  }

  private static void check(long seed, InsertPathPlanner planner, History history, Random random) {
    List<ChangeRow> rows = rows(history.emitted());
    Map<TopicPartitionKey, Long> end = new TreeMap<>();
    rows.forEach(r -> end.merge(r.source().partitionKey(), r.source().offset() + 1, Math::max));
    List<Transaction> plan = planner.plan(List.of(new TableChanges(TABLE, rows)));
    int crashAfter = random.nextInt(plan.size());
    Map<TopicPartitionKey, Long> committed = new TreeMap<>();
    java.util.Set<Integer> written = new java.util.HashSet<>();
    Map<Long, long[]> table = new HashMap<>(); // key -> {event}
    List<Integer> appended = new ArrayList<>();
    for (int i = 0; i <= crashAfter; i++) {
      Transaction tx = plan.get(i);
      apply(tx, rows, table, appended, written);
      for (Map.Entry<TopicPartitionKey, Long> e : tx.offsets().entrySet()) {
        Long before = committed.put(e.getKey(), e.getValue());
        assertThat(e.getValue())
            .as("seed %d %s: offsets of %s never go back", seed, planner.mode(), e.getKey())
            .isGreaterThanOrEqualTo(before == null ? 0 : before);
      }
      for (int r = 0; r < rows.size(); r++) {
        SourceOffset s = rows.get(r).source();
        Long next = committed.get(s.partitionKey());
        if (next == null) {
          continue;
        }
        assertThat(written.contains(r) == s.offset() < next)
            .as(
                "seed %d %s after transaction %d: %s written=%s, committed %d",
                seed, planner.mode(), i, s, written.contains(r), next)
            .isTrue();
      }
    }
    // Crash, then redelivery from the committed offsets, planned as a new write.
    List<ChangeRow> rest = new ArrayList<>();
    List<Integer> restIndex = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      SourceOffset s = rows.get(r).source();
      if (s.offset() >= committed.getOrDefault(s.partitionKey(), 0L)) {
        rest.add(rows.get(r));
        restIndex.add(r);
      }
    }
    for (Transaction tx : planner.plan(List.of(new TableChanges(TABLE, rest)))) {
      List<Integer> appendedRest = new ArrayList<>();
      apply(tx, rest, table, appendedRest, new java.util.HashSet<>());
      appendedRest.forEach(i -> appended.add(restIndex.get(i)));
      tx.offsets().forEach(committed::put);
    }
    assertThat(committed).as("seed %d %s: offsets at the end", seed, planner.mode()).isEqualTo(end);
    if (planner.mode() == WriteMode.APPEND) {
      List<Integer> upserts = new ArrayList<>();
      for (int r = 0; r < rows.size(); r++) {
        if (!rows.get(r).delete()) {
          upserts.add(r);
        }
      }
      appended.sort(null);
      assertThat(appended).as("seed %d: every upsert appended once", seed).isEqualTo(upserts);
      return;
    }
    Map<Long, Long> expected = new TreeMap<>();
    history
        .lastEvent()
        .forEach(
            (key, event) -> {
              if (!history.deletes().get(event)) {
                expected.put(key, (long) event);
              }
            });
    Map<Long, Long> actual = new TreeMap<>();
    table.forEach((key, v) -> actual.put(key, v[0]));
    assertThat(actual).as("seed %d: each key's last MySQL change", seed).isEqualTo(expected);
  }

  /**
   * The stage SQL's effect: upsert deletes every staged key, then inserts the staged change with
   * the highest position per key unless it is a delete; append inserts every staged upsert.
   */
  private static void apply(
      Transaction tx,
      List<ChangeRow> rows,
      Map<Long, long[]> table,
      List<Integer> appended,
      java.util.Set<Integer> written) {
    Map<Long, Integer> latest = new HashMap<>();
    for (int[] t : staged(tx)) {
      int r = t[0];
      written.add(r);
      ChangeRow row = rows.get(r);
      long key = (Long) row.values().get("id");
      latest.merge(key, r, Math::max);
      if (!row.delete()) {
        appended.add(r);
      }
    }
    latest.forEach(
        (key, r) -> {
          table.remove(key);
          ChangeRow row = rows.get(r);
          if (!row.delete()) {
            table.put(key, new long[] {(Long) row.values().get("v")});
          }
        });
  }
}
