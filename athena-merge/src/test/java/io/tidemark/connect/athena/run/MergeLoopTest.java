package io.tidemark.connect.athena.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.engine.Backoff;
import io.tidemark.connect.athena.engine.ErrorClass;
import io.tidemark.connect.athena.engine.QueryException;
import io.tidemark.connect.athena.engine.RetryingRunner;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.BatchPlanner;
import io.tidemark.connect.athena.plan.CommitEvent;
import io.tidemark.connect.athena.plan.MaintenanceSchedule;
import io.tidemark.connect.athena.sql.TrinoDdl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MergeLoopTest {

  // Soft deletes: the loop's statements without the tombstones of hard deletes
  // (DeletedStaysDeletedTest).
  private static final TableMapping USERS = Fixtures.users("hive", "iceberg", DeleteMode.SOFT);
  private static final TableMapping TX = Fixtures.transactions("hive", "iceberg", DeleteMode.SOFT);

  private final RecordingEngine engine = new RecordingEngine();
  private final MutableClock clock = new MutableClock();
  private MergeLoop<Integer> loop;

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-21T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private MergeLoop<Integer> loop(int maxFiles, Downstream downstream) {
    RetryingRunner runner =
        new RetryingRunner(
            engine, 3, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)), d -> {}, () -> 0.5);
    TableMerger merger =
        new TableMerger(
            runner,
            BatchPlanner.athenaDefaults(1000),
            new MaintenanceSchedule(new TrinoDdl("7d"), 0, 0),
            downstream,
            new MergeStats(),
            "[t] ");
    loop =
        new MergeLoop<>(
            List.of(USERS, TX), merger, clock, Duration.ofSeconds(60), maxFiles, "[t] ");
    return loop;
  }

  /** An event whose object the store holds, with as many rows as its offsets (no gaps). */
  private CommitEvent landed(String topic, int partition, long start, long end) {
    CommitEvent e = Fixtures.event(topic, partition, start, end);
    engine.landed.put(e.uri(), end - start + 1);
    return e;
  }

  /** The queries besides the per-object accounting (ObjectAccountingTest). */
  private List<String> countsOfPartitions() {
    return engine.queries.stream()
        .filter(q -> !q.startsWith("SELECT \"$path\", count(*)"))
        .toList();
  }

  @AfterEach
  void close() {
    if (loop != null) {
      loop.close();
    }
  }

  @Test
  void mergesATableWhenItsIntervalHasPassedAndCommitsOnlyAfterwards() throws Exception {
    MergeLoop<Integer> l = loop(100, Downstream.none());
    l.add(0, 5, landed(USERS.topic(), 0, 0, 9));
    l.skip(0, 6); // an event of an unmapped topic
    l.tick();
    assertThat(engine.sql).isEmpty();
    assertThat(l.committable()).isEqualTo(Map.of(0, 5L));

    clock.now = clock.now.plusSeconds(60);
    l.tick();
    l.awaitIdle(Duration.ofSeconds(10));
    assertThat(engine.sql)
        .singleElement()
        .asString()
        .startsWith("MERGE INTO \"iceberg\".\"lake\".\"users\"");
    assertThat(l.committable()).isEqualTo(Map.of(0, 7L));
  }

  /**
   * The S3 sink routed the topic (RegexRouter): its folder, or its original topic, finds the table.
   */
  @Test
  void aRoutedObjectIsMergedByTheTableOfItsFolderOrOfItsOriginalTopic() {
    MergeLoop<Integer> l = loop(100, Downstream.none());
    CommitEvent byOriginalTopic = routed(USERS.topic(), "users", 0);
    CommitEvent byFolder = routed("mysql.other.tx", TX.topic(), 0);
    assertThat(l.merges(byOriginalTopic)).isTrue();
    assertThat(l.merges(byFolder)).isTrue();
    assertThat(l.merges(routed("mysql.other.x", "x", 0))).isFalse();
  }

  /** Two topics routed into one folder, ordered by Kafka offset: refused, naming both. */
  @Test
  void aTableOrderedByOffsetRefusesObjectsOfTwoTopics() {
    MergeLoop<Integer> l = loop(100, Downstream.none());
    l.add(0, 0, routed("eu.shop.users", USERS.topic(), 0));
    l.add(0, 1, routed("eu.shop.users", USERS.topic(), 1));
    assertThatThrownBy(() -> l.add(0, 2, routed("us.shop.users", USERS.topic(), 0)))
        .hasMessageContaining("table.users orders changes by __offset")
        .hasMessageContaining("eu.shop.users and us.shop.users");
  }

  private static CommitEvent routed(String sourceTopic, String folder, long start) {
    CommitEvent e = Fixtures.event(folder, 0, start, start);
    return new CommitEvent(
        e.bucket(),
        e.key(),
        folder,
        e.partition(),
        e.startOffset(),
        e.endOffset(),
        e.recordCount(),
        e.bytes(),
        e.partitionValues(),
        e.schemaFingerprint(),
        e.keyRanges(),
        sourceTopic);
  }

  @Test
  void mergesAtOnceWhenMaxFilesWaitAndKeepsAcceptingWhileAMergeRuns() throws Exception {
    MergeLoop<Integer> l = loop(2, Downstream.none());
    engine.gate = new CountDownLatch(1);
    l.add(0, 0, landed(USERS.topic(), 0, 0, 0));
    l.add(1, 0, landed(USERS.topic(), 1, 0, 0));
    l.tick();
    l.add(0, 1, landed(USERS.topic(), 0, 1, 1));
    l.add(1, 1, landed(USERS.topic(), 1, 1, 1));
    l.tick(); // the first MERGE is still running: nothing new starts, nothing is committed
    assertThat(l.committable()).isEqualTo(Map.of(0, 0L, 1, 0L));
    engine.gate.countDown();
    l.awaitIdle(Duration.ofSeconds(10)); // finishes the first, starts the second
    l.awaitIdle(Duration.ofSeconds(10));
    assertThat(engine.sql).hasSize(2);
    assertThat(l.committable()).isEqualTo(Map.of(0, 2L, 1, 2L));
  }

  @Test
  void aFailedMergeIsReportedAndItsOffsetsStayUncommitted() throws Exception {
    MergeLoop<Integer> l = loop(1, Downstream.none());
    engine.failWhen = s -> ErrorClass.FATAL;
    l.add(3, 40, landed(USERS.topic(), 0, 0, 0));
    l.tick();
    assertThatThrownBy(() -> l.awaitIdle(Duration.ofSeconds(10)))
        .isInstanceOf(QueryException.class);
    assertThat(l.committable()).isEqualTo(Map.of(3, 40L));
  }

  @Test
  void retryableFailuresAreRetriedWithTheNextToken() throws Exception {
    MergeLoop<Integer> l = loop(1, Downstream.none());
    int[] failures = {2};
    engine.failWhen = s -> failures[0]-- > 0 ? ErrorClass.RETRYABLE : null;
    l.add(0, 0, landed(USERS.topic(), 0, 0, 0));
    l.tick();
    l.awaitIdle(Duration.ofSeconds(10));
    assertThat(engine.tokens).singleElement().asString().endsWith("-2");
    assertThat(l.committable()).isEqualTo(Map.of(0, 1L));
  }

  @Test
  void downstreamStatementsWrapTheMergeAndTheirTokensDifferPerBatch() throws Exception {
    MergeLoop<Integer> l = loop(1, around());
    l.add(0, 0, landed(TX.topic(), 0, 0, 0));
    l.tick();
    l.awaitIdle(Duration.ofSeconds(10));
    l.add(0, 1, landed(TX.topic(), 0, 1, 1));
    l.tick();
    l.awaitIdle(Duration.ofSeconds(10));
    assertThat(engine.sql).hasSize(6);
    assertThat(engine.sql.get(0)).isEqualTo("BEFORE");
    assertThat(engine.sql.get(1)).startsWith("MERGE INTO");
    assertThat(engine.sql.get(2)).isEqualTo("AFTER");
    // Same text in two batches: Athena must not answer the second with the first execution.
    assertThat(engine.tokens.get(2)).isNotEqualTo(engine.tokens.get(5));
  }

  @Test
  void aSplitErrorHalvesTheBatch() throws Exception {
    MergeLoop<Integer> l = loop(10, Downstream.none());
    engine.failWhen =
        s ->
            s.split("\\.jsonl'").length > 2
                ? ErrorClass.SPLIT
                : null; // more than one object is "too large"
    for (int i = 0; i < 4; i++) {
      l.add(0, i, landed(USERS.topic(), 0, i * 10, i * 10 + 9));
    }
    clock.now = clock.now.plusSeconds(60);
    l.tick();
    l.awaitIdle(Duration.ofSeconds(10));
    assertThat(engine.sql).hasSize(4);
    assertThat(l.committable()).isEqualTo(Map.of(0, 4L));
  }

  @Test
  void aSplitErrorOnOneObjectSlicesItsMergeByTargetPartition() throws Exception {
    MergeLoop<Integer> l = loop(10, around());
    engine.failWhen =
        s ->
            s.startsWith("MERGE") && !s.contains("__tidemark_partition_rank")
                ? ErrorClass.TOO_MANY_PARTITIONS
                : null;
    engine.rows =
        s ->
            s.startsWith("SELECT count(*) FROM (\nSELECT DISTINCT \"dt\"")
                ? List.of(List.of("250"))
                : List.of();
    l.add(0, 0, landed(TX.topic(), 0, 0, 9));
    clock.now = clock.now.plusSeconds(60);
    l.tick();
    l.awaitIdle(Duration.ofSeconds(10));
    assertThat(countsOfPartitions()).hasSize(1);
    // BEFORE ran for the whole (failed) MERGE and again for the first slice; AFTER once, after the
    // last.
    assertThat(engine.sql).hasSize(6);
    assertThat(engine.sql.get(0)).isEqualTo("BEFORE");
    assertThat(engine.sql.get(1)).isEqualTo("BEFORE");
    assertThat(engine.sql.get(5)).isEqualTo("AFTER");
    for (int i = 0; i < 3; i++) {
      assertThat(engine.sql.get(i + 2))
          .contains(
              "WHERE \"__tidemark_rn\" = 1 AND (\"__tidemark_partition_rank\" - 1) / 100 = "
                  + i
                  + "\n");
    }
    assertThat(l.committable()).isEqualTo(Map.of(0, 1L));
  }

  @Test
  void tooManyPartitionsInABatchOfSeveralObjectsSlicesTheBatchRatherThanHalvingIt()
      throws Exception {
    MergeLoop<Integer> l = loop(10, Downstream.none());
    engine.failWhen =
        s ->
            s.startsWith("MERGE") && !s.contains("__tidemark_partition_rank")
                ? ErrorClass.TOO_MANY_PARTITIONS
                : null;
    engine.rows = s -> s.startsWith("SELECT count(*)") ? List.of(List.of("150")) : List.of();
    for (int i = 0; i < 4; i++) {
      l.add(0, i, landed(TX.topic(), 0, i * 10, i * 10 + 9));
    }
    clock.now = clock.now.plusSeconds(60);
    l.tick();
    l.awaitIdle(Duration.ofSeconds(10));
    assertThat(engine.sql)
        .hasSize(2)
        .allSatisfy(sql -> assertThat(sql.split("\\.jsonl'")).hasSize(5)); // all four objects
    assertThat(l.committable()).isEqualTo(Map.of(0, 4L));
  }

  @Test
  void aSplitErrorOnOneObjectOfAnUnslicableTableFailsNamingTheObject() throws Exception {
    MergeLoop<Integer> l = loop(10, Downstream.none());
    engine.failWhen = s -> s.startsWith("MERGE") ? ErrorClass.TOO_MANY_PARTITIONS : null;
    l.add(0, 0, landed(USERS.topic(), 0, 0, 9));
    clock.now = clock.now.plusSeconds(60);
    l.tick();
    assertThatThrownBy(() -> l.awaitIdle(Duration.ofSeconds(10)))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining(
            "table users: the MERGE of s3://lake/raw/" + USERS.topic() + "/partition=0/")
        .hasMessageContaining("cannot be split further");
    assertThat(countsOfPartitions()).isEmpty(); // unpartitioned: nothing to count
    assertThat(l.committable()).isEqualTo(Map.of(0, 0L));
  }

  @Test
  void aDownstreamBacklogIsDrainedInRoundsWithTheirOwnTokens() throws Exception {
    java.util.Deque<String> backlog = new java.util.ArrayDeque<>(List.of("250", "150", "50", "0"));
    engine.rows = s -> s.equals("COUNT") ? List.of(List.of(backlog.removeFirst())) : List.of();
    MergeLoop<Integer> l = loop(1, draining());
    l.add(0, 0, landed(TX.topic(), 0, 0, 0));
    l.tick();
    l.awaitIdle(Duration.ofSeconds(10));
    assertThat(engine.sql).hasSize(1 + 3 * 2);
    assertThat(engine.sql.subList(1, 7))
        .containsExactly("RECOMPUTE", "CLEAR", "RECOMPUTE", "CLEAR", "RECOMPUTE", "CLEAR");
    assertThat(engine.tokens.subList(1, 7)).doesNotHaveDuplicates();
    assertThat(backlog).isEmpty();
    assertThat(l.committable()).isEqualTo(Map.of(0, 1L));
  }

  @Test
  void aBacklogThatStopsShrinkingFailsTheMergeInsteadOfLoopingForever() throws Exception {
    engine.rows = s -> s.equals("COUNT") ? List.of(List.of("7")) : List.of();
    MergeLoop<Integer> l = loop(1, draining());
    l.add(0, 0, landed(TX.topic(), 0, 0, 0));
    l.tick();
    assertThatThrownBy(() -> l.awaitIdle(Duration.ofSeconds(10)))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("left their backlog at 7 (COUNT)");
    assertThat(engine.sql).hasSize(1 + (TableMerger.MAX_STUCK_ROUNDS + 1) * 2);
    assertThat(l.committable()).isEqualTo(Map.of(0, 0L));
  }

  /** BEFORE and AFTER around each MERGE. */
  private static Downstream around() {
    return new Downstream() {
      @Override
      public List<String> before(io.tidemark.connect.athena.plan.MergeBatch b) {
        return List.of("BEFORE");
      }

      @Override
      public List<String> after(io.tidemark.connect.athena.plan.MergeBatch b) {
        return List.of("AFTER");
      }
    };
  }

  private static Downstream draining() {
    return new Downstream() {
      @Override
      public List<String> before(io.tidemark.connect.athena.plan.MergeBatch b) {
        return List.of();
      }

      @Override
      public List<String> after(io.tidemark.connect.athena.plan.MergeBatch b) {
        return List.of();
      }

      @Override
      public java.util.Optional<String> backlog(io.tidemark.connect.athena.plan.MergeBatch b) {
        return java.util.Optional.of("COUNT");
      }

      @Override
      public List<String> drain(io.tidemark.connect.athena.plan.MergeBatch b) {
        return List.of("RECOMPUTE", "CLEAR");
      }
    };
  }

  @Test
  void eventsOfForgottenPartitionsAreDropped() throws Exception {
    MergeLoop<Integer> l = loop(100, Downstream.none());
    l.add(0, 0, landed(USERS.topic(), 0, 0, 0));
    l.add(1, 0, landed(USERS.topic(), 1, 0, 0));
    l.forget(0);
    clock.now = clock.now.plusSeconds(60);
    l.tick();
    l.awaitIdle(Duration.ofSeconds(10));
    assertThat(engine.sql)
        .singleElement()
        .asString()
        .contains("partition=1")
        .doesNotContain("partition=0/");
    assertThat(l.committable()).isEqualTo(Map.of(1, 1L));
  }
}
