package io.tidemark.connect.athena.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.sql.KeyRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

  private static final TableMapping USERS =
      Fixtures.users("awsdatacatalog", "awsdatacatalog", DeleteMode.HARD);
  private static final String TOPIC = USERS.topic();

  private static List<CommitEvent> events(int partitions, int filesPerPartition) {
    List<CommitEvent> out = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      for (int f = 0; f < filesPerPartition; f++) {
        out.add(Fixtures.event(TOPIC, p, f * 10L, f * 10L + 9));
      }
    }
    return out;
  }

  @Test
  void sameEventsInAnyOrderGiveTheSameStatementsAndTokens() {
    List<CommitEvent> events = events(5, 40);
    List<CommitEvent> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(7));
    BatchPlanner planner = new BatchPlanner(8192, 100, 1000);
    List<MergeBatch> a = planner.plan(USERS, events);
    List<MergeBatch> b = planner.plan(USERS, shuffled);
    assertThat(a).hasSizeGreaterThan(1);
    assertThat(b)
        .extracting(MergeBatch::sql)
        .containsExactlyElementsOf(a.stream().map(MergeBatch::sql).toList());
    assertThat(b)
        .extracting(x -> x.requestToken(0))
        .containsExactlyElementsOf(a.stream().map(x -> x.requestToken(0)).toList());
  }

  @Test
  void repeatedEventsAreMergedOnce() {
    CommitEvent e = Fixtures.event(TOPIC, 0, 0, 9);
    List<MergeBatch> batches = BatchPlanner.athenaDefaults(1000).plan(USERS, List.of(e, e, e));
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).events()).containsExactly(e);
    assertThat(batches.get(0).sql()).containsOnlyOnce(e.uri());
  }

  @Test
  void splitsByQueryBytesAndEveryStatementFits() {
    List<CommitEvent> events = events(4, 3000);
    List<MergeBatch> batches = BatchPlanner.athenaDefaults(100_000).plan(USERS, events);
    assertThat(batches).hasSizeGreaterThan(1);
    for (MergeBatch b : batches) {
      assertThat(b.sql().getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(BatchPlanner.ATHENA_MAX_QUERY_BYTES);
    }
    // Nothing lost, nothing twice, and packing is not wasteful (each but the last is at least half
    // full).
    assertThat(batches.stream().mapToInt(b -> b.events().size()).sum()).isEqualTo(events.size());
    for (MergeBatch b : batches.subList(0, batches.size() - 1)) {
      assertThat(b.sql().length()).isGreaterThan(BatchPlanner.ATHENA_MAX_QUERY_BYTES / 2);
    }
  }

  @Test
  void multiByteKeysCountInBytesNotCharacters() {
    List<CommitEvent> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String key = "raw/users/partition=0/ü名前-" + "é".repeat(50) + i + ".jsonl";
      events.add(
          new CommitEvent(
              "lake",
              key,
              TOPIC,
              0,
              i,
              i,
              1,
              1,
              new TreeMap<>(Map.of("partition", "0")),
              Optional.empty()));
    }
    for (MergeBatch b : new BatchPlanner(16_384, 100, 1000).plan(USERS, events)) {
      assertThat(b.sql().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(16_384);
    }
  }

  @Test
  void splitsByPartitionCount() {
    List<MergeBatch> batches =
        new BatchPlanner(BatchPlanner.ATHENA_MAX_QUERY_BYTES, 3, 1000).plan(USERS, events(10, 2));
    assertThat(batches).hasSize(4);
    assertThat(batches).allSatisfy(b -> assertThat(b.partitionCount()).isLessThanOrEqualTo(3));
    assertThat(batches.get(0).sql()).contains("AND \"partition\" IN (0, 1, 2)\n");
  }

  @Test
  void splitsByFileCount() {
    assertThat(
            new BatchPlanner(BatchPlanner.ATHENA_MAX_QUERY_BYTES, 100, 7)
                .plan(USERS, events(1, 20)))
        .extracting(b -> b.events().size())
        .containsExactly(7, 7, 6);
  }

  @Test
  void anObjectTooLargeForOneStatementIsAnError() {
    CommitEvent huge =
        new CommitEvent(
            "lake",
            "k".repeat(5000),
            TOPIC,
            0,
            0,
            0,
            1,
            1,
            new TreeMap<>(Map.of("partition", "0")),
            Optional.empty());
    assertThatThrownBy(() -> new BatchPlanner(4096, 100, 10).plan(USERS, List.of(huge)))
        .hasMessageContaining("more than the limit 4096");
  }

  @Test
  void eventsMustMatchTheMapping() {
    assertThatThrownBy(
            () ->
                BatchPlanner.athenaDefaults(10)
                    .plan(USERS, List.of(Fixtures.event("other", 0, 0, 1))))
        .hasMessageContaining("reads topic " + TOPIC + ", not other");
    CommitEvent noPartition =
        new CommitEvent(
            "lake", "k", TOPIC, 0, 0, 0, 1, 1, new TreeMap<>(Map.of("dt", "x")), Optional.empty());
    assertThatThrownBy(() -> BatchPlanner.athenaDefaults(10).plan(USERS, List.of(noPartition)))
        .hasMessageContaining("has no value for landing partition partition");
    CommitEvent badValue =
        new CommitEvent(
            "lake",
            "k",
            TOPIC,
            0,
            0,
            0,
            1,
            1,
            new TreeMap<>(Map.of("partition", "0) OR (1=1")),
            Optional.empty());
    assertThatThrownBy(() -> BatchPlanner.athenaDefaults(10).plan(USERS, List.of(badValue)))
        .hasMessageContaining("not a whole number");
  }

  @Test
  void groupsEventsByTable() {
    TableMapping tx = Fixtures.transactions("c", "c");
    CommitEvent u = Fixtures.event(USERS.topic(), 0, 0, 1);
    CommitEvent t = Fixtures.event(tx.topic(), 0, 0, 1);
    CommitEvent stray = Fixtures.event("stray", 0, 0, 1);
    Map<TableMapping, List<CommitEvent>> groups =
        BatchPlanner.groupByTable(List.of(USERS, tx), List.of(t, stray, u));
    assertThat(groups).containsEntry(USERS, List.of(u)).containsEntry(tx, List.of(t)).hasSize(2);
  }

  @Test
  void tokensAreDeterministicAndWithinAthenaLimits() {
    String t0 = RequestTokens.of("merge:users", "MERGE 1", 0);
    assertThat(t0)
        .isEqualTo(RequestTokens.of("merge:users", "MERGE 1", 0))
        .startsWith("tm-")
        .endsWith("-0");
    assertThat(t0.length()).isBetween(RequestTokens.MIN_LENGTH, RequestTokens.MAX_LENGTH);
    assertThat(RequestTokens.of("merge:users", "MERGE 1", Integer.MAX_VALUE).length())
        .isLessThanOrEqualTo(RequestTokens.MAX_LENGTH);
    assertThat(RequestTokens.of("merge:users", "MERGE 1", 1)).isNotEqualTo(t0);
    assertThat(RequestTokens.of("merge:users", "MERGE 2", 0)).isNotEqualTo(t0);
    assertThat(RequestTokens.of("merge:other", "MERGE 1", 0)).isNotEqualTo(t0);
    assertThatThrownBy(() -> RequestTokens.of("p", "s", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static CommitEvent withRange(CommitEvent e, String field, long min, long max) {
    return new CommitEvent(
        e.bucket(),
        e.key(),
        e.topic(),
        e.partition(),
        e.startOffset(),
        e.endOffset(),
        e.recordCount(),
        e.bytes(),
        e.partitionValues(),
        e.schemaFingerprint(),
        new TreeMap<>(Map.of(field, new KeyRange(min, max))));
  }

  @Test
  void keyRangesOfTheEventsSpanIntoTheMergeUnlessOneIsMissing() {
    CommitEvent a = withRange(Fixtures.event(TOPIC, 0, 0, 9), "id", 100, 150);
    CommitEvent b = withRange(Fixtures.event(TOPIC, 1, 0, 9), "id", 90, 120);
    MergeBatch both = BatchPlanner.athenaDefaults(1000).plan(USERS, List.of(a, b)).get(0);
    assertThat(both.scope().keyRanges())
        .containsExactlyEntriesOf(Map.of(Fixtures.id("id"), new KeyRange(90, 150)));
    assertThat(both.sql()).contains("ON t.\"id\" = s.\"id\" AND t.\"id\" BETWEEN 90 AND 150\n");

    // A recovered event (no range) leaves the whole batch unbounded; so does a range of another
    // field.
    CommitEvent recovered = Fixtures.event(TOPIC, 2, 0, 9);
    CommitEvent otherField = withRange(Fixtures.event(TOPIC, 3, 0, 9), "user_id", 1, 2);
    assertThat(BatchPlanner.athenaDefaults(1000).plan(USERS, List.of(a, recovered)).get(0).sql())
        .doesNotContain("BETWEEN");
    assertThat(BatchPlanner.athenaDefaults(1000).plan(USERS, List.of(a, otherField)).get(0).sql())
        .doesNotContain("BETWEEN");
  }

  @Test
  void keyRangesOfNonIntegerKeysAreIgnored() {
    TableMapping byDate =
        new TableMapping(
            "days",
            TOPIC,
            Fixtures.name("hive", "lake", "days_landing"),
            "s3://lake/raw/days/",
            io.tidemark.connect.athena.mapping.LandingFormat.JSONL,
            io.tidemark.connect.athena.mapping.Column.parseList(
                "day:string,__offset:bigint", "test"),
            io.tidemark.connect.athena.mapping.LandingPartition.parseList(
                "partition:integer(0..15)", "test"),
            Fixtures.name("iceberg", "lake", "days"),
            Optional.empty(),
            List.of(Fixtures.id("day")),
            Fixtures.id("__offset"),
            Optional.empty(),
            DeleteMode.HARD,
            List.of(),
            List.of());
    CommitEvent e = withRange(Fixtures.event(TOPIC, 0, 0, 9), "day", 1, 2);
    assertThat(BatchPlanner.athenaDefaults(1000).plan(byDate, List.of(e)).get(0).sql())
        .doesNotContain("BETWEEN");
  }
}
