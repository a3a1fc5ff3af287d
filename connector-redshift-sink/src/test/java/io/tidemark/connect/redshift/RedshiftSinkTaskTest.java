package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.stack.kit.connect.RecordingSinkContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedshiftSinkTaskTest {
  private static final Schema KEY =
      SchemaBuilder.struct().name("k").field("id", Schema.INT64_SCHEMA).build();
  private static final Schema VALUE =
      SchemaBuilder.struct()
          .name("v")
          .field("id", Schema.INT64_SCHEMA)
          // A MySQL VARCHAR(1) as Debezium propagates it: VARCHAR(4) bytes. A longer value is a
          // bad value, not a widened column (which WideningTest and CopyWriteTest cover).
          .field(
              "name",
              SchemaBuilder.string()
                  .optional()
                  .parameter("__debezium.source.column.length", "1")
                  .build())
          .field("__op", Schema.OPTIONAL_STRING_SCHEMA)
          .field("__deleted", Schema.OPTIONAL_BOOLEAN_SCHEMA)
          .field("__position", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  private final InMemoryRunner runner = new InMemoryRunner();
  private final RecordingSinkContext context =
      new RecordingSinkContext().withErrantRecordReporter();
  private RedshiftSinkTask task;

  @BeforeEach
  void setUp() {
    runner.columns.addAll(List.of("id", "name", "__op", "__deleted", "__position"));
  }

  private void start(Map<String, String> extra) {
    Map<String, String> props =
        new HashMap<>(
            Map.of(
                "name",
                "rs",
                RedshiftSinkConfig.REGION,
                "us-east-1",
                RedshiftSinkConfig.WORKGROUP,
                "wg"));
    props.putAll(extra);
    task = new RedshiftSinkTask((config, log) -> runner);
    task.initialize(context);
    task.start(props);
  }

  private static SinkRecord record(
      String topic, int partition, long offset, long id, String name, String op, String position) {
    Struct value =
        new Struct(VALUE)
            .put("id", id)
            .put("name", name)
            .put("__op", op)
            .put("__deleted", "d".equals(op))
            .put("__position", position);
    return new SinkRecord(
        topic, partition, KEY, new Struct(KEY).put("id", id), VALUE, value, offset);
  }

  private String dataSql() {
    return String.join("\n", runner.dataBatches().stream().flatMap(List::stream).toList());
  }

  @Test
  void seeksToTheOffsetsCommittedInRedshiftOnOpen() {
    runner.committedRows = List.of(List.of("orders", "0", "42"), List.of("other", "0", "7"));
    start(Map.of());
    task.open(List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1)));
    assertThat(context.seeks()).containsExactly(Map.entry(new TopicPartition("orders", 0), 42L));
    assertThat(runner.batches.get(0).get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS \"public\".\"tidemark_offsets\"");
  }

  @Test
  void openRetriesATransientDataApiErrorInsteadOfFailingTheTask() {
    runner.committedRows = List.of(List.of("orders", "0", "42"));
    start(Map.of());
    runner.transientFailures = 2;
    task.open(List.of(new TopicPartition("orders", 0)));
    assertThat(context.seeks()).containsExactly(Map.entry(new TopicPartition("orders", 0), 42L));
    assertThat(runner.transientFailures).isZero();
  }

  @Test
  void openGivesUpNamingTheCauseWhenTheErrorLasts() {
    start(Map.of());
    runner.transientFailures = Integer.MAX_VALUE;
    assertThatThrownBy(() -> task.open(List.of(new TopicPartition("orders", 0))))
        .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
        .isNotInstanceOf(org.apache.kafka.connect.errors.RetriableException.class)
        .hasMessageContaining("could not read the committed offsets from Redshift after 6 attempts")
        .hasMessageContaining("could not serialize access");
  }

  @Test
  void writesChangesAndReportsOnlyCommittedOffsetsByOriginalTopic() {
    start(Map.of());
    task.open(List.of(new TopicPartition("orders", 0)));
    TopicPartition tp = new TopicPartition("orders", 0);
    Map<TopicPartition, OffsetAndMetadata> asked =
        Map.of(
            tp,
            new OffsetAndMetadata(99),
            new TopicPartition("orders", 1),
            new OffsetAndMetadata(5));
    assertThat(task.preCommit(asked)).isEmpty();

    SinkRecord renamed =
        record("orders", 0, 10, 1, "a", "c", null)
            .newRecord(
                "renamed-topic",
                0,
                KEY,
                new Struct(KEY).put("id", 1L),
                VALUE,
                new Struct(VALUE).put("id", 1L).put("name", "a"),
                null);
    task.put(List.of(renamed, record("orders", 0, 11, 2, "b", "c", null)));

    assertThat(runner.dataBatches()).hasSize(1);
    // Tables follow the renamed topic; the offsets the original topic partition.
    assertThat(dataSql())
        .contains("\"public\".\"orders\"")
        .contains("\"public\".\"renamed_topic\"")
        .doesNotContain("'renamed-topic'");
    assertThat(task.preCommit(asked)).containsExactly(Map.entry(tp, new OffsetAndMetadata(12)));
  }

  @Test
  void ordersChangesByPositionWhenEveryChangeHasOne() {
    start(Map.of());
    // Kafka order across partitions says "later" first; the positions say it came second.
    task.put(
        List.of(
            record(
                "orders",
                1,
                0,
                1,
                "later",
                "u",
                "0000000001-0000000000000000200-1-0000000000000000000"),
            record(
                "orders",
                0,
                0,
                1,
                "earlier",
                "u",
                "0000000001-0000000000000000100-1-0000000000000000000")));
    String sql = dataSql();
    assertThat(sql.indexOf("'earlier'")).isPositive().isLessThan(sql.indexOf("'later'"));
  }

  @Test
  void keepsKafkaOrderWithoutPositions() {
    start(Map.of());
    task.put(
        List.of(
            record("orders", 1, 0, 1, "first", "u", null),
            record(
                "orders",
                0,
                0,
                1,
                "second",
                "u",
                "0000000001-0000000000000000100-1-0000000000000000000")));
    String sql = dataSql();
    assertThat(sql.indexOf("'first'")).isPositive().isLessThan(sql.indexOf("'second'"));
  }

  @Test
  void marksDeletesFromTheDeletedFlagOrTheOperation() {
    start(Map.of());
    SinkRecord byOp = record("orders", 0, 0, 1, "x", "d", null);
    ((Struct) byOp.value()).put("__deleted", null);
    SinkRecord byFlag = record("orders", 0, 1, 2, "y", "u", null);
    ((Struct) byFlag.value()).put("__deleted", true);
    task.put(List.of(byOp, byFlag, record("orders", 0, 2, 3, "z", "c", null)));
    String inserts =
        runner.dataBatches().get(0).stream()
            .filter(s -> s.startsWith("INSERT INTO \"__tm") || s.startsWith("INSERT INTO " + "\""))
            .filter(s -> s.contains("VALUES"))
            .findFirst()
            .orElseThrow();
    // A delete stages its key only.
    assertThat(inserts)
        .contains("(1, NULL, NULL, NULL, NULL, 'd', 0)")
        .contains("(2, NULL, NULL, NULL, NULL, 'd', 1)")
        .contains("(3, 'z', 'c', FALSE, NULL, 'u', 2)");
  }

  @Test
  void ignoresTombstonesByDefaultAndFailsWhenConfigured() {
    start(Map.of());
    SinkRecord tombstone =
        new SinkRecord("orders", 0, KEY, new Struct(KEY).put("id", 1L), null, null, 3);
    task.put(List.of(tombstone));
    assertThat(runner.dataBatches()).isEmpty();

    start(Map.of(RedshiftSinkConfig.TOMBSTONE_HANDLING, "fail"));
    assertThatThrownBy(() -> task.put(List.of(tombstone)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("orders-0@3");
  }

  @Test
  void badRecordFailsTheTaskNamingWhereItCameFrom() {
    start(Map.of());
    SinkRecord schemaless = new SinkRecord("orders", 2, null, null, null, Map.of("id", 1), 17);
    assertThatThrownBy(() -> task.put(List.of(schemaless)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("orders-2@17");
    assertThat(context.reported()).isEmpty();
  }

  @Test
  void badRecordGoesToTheErrantRecordReporterWhenToleratedAndTheRestIsWritten() {
    start(Map.of("errors.tolerance", "all"));
    SinkRecord schemaless = new SinkRecord("orders", 0, null, null, null, Map.of("id", 1), 0);
    task.put(List.of(schemaless, record("orders", 0, 1, 1, "ok", "c", null)));
    assertThat(context.reported()).containsExactly(schemaless);
    assertThat(dataSql()).contains("'ok'");
    assertThat(task.preCommit(Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(2))))
        .containsEntry(new TopicPartition("orders", 0), new OffsetAndMetadata(2));
  }

  @Test
  void aValueTooLongForItsColumnIsReportedWithTheReasonAndTheRestCommits() {
    runner.typedColumns =
        List.of(
            List.of("id", "bigint", "", "64", "0", "NO"),
            List.of("name", "character varying", "4", "", "", "YES"),
            List.of("__op", "character varying", "", "", "", "YES"),
            List.of("__deleted", "boolean", "", "", "", "YES"),
            List.of("__position", "character varying", "", "", "", "YES"));
    start(Map.of("errors.tolerance", "all"));
    context.errors().clear();
    List<Throwable> reasons = context.errors();
    SinkRecord tooLong = record("orders", 0, 1, 2, "too long", "c", null);
    task.put(
        List.of(
            record("orders", 0, 0, 1, "ok", "c", null),
            tooLong,
            record("orders", 0, 2, 3, "fine", "c", null)));
    assertThat(context.reported()).containsExactly(tooLong);
    assertThat(reasons.get(0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("orders-0@1")
        .hasMessageContaining("column name")
        .hasMessageContaining("too long for VARCHAR(4)");
    assertThat(dataSql()).contains("'ok'").contains("'fine'").doesNotContain("too long");

    start(Map.of());
    assertThatThrownBy(() -> task.put(List.of(tooLong)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("orders-0@1");
  }

  /** MySQL TIME spans -838:59:59.000000 to 838:59:59.000000; Debezium sends microseconds. */
  private static final Schema TIMES =
      SchemaBuilder.struct()
          .name("times")
          .field("id", Schema.INT64_SCHEMA)
          .field("d", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
          .build();

  private static SinkRecord time(long offset, long id, Long micros) {
    return new SinkRecord(
        "times",
        0,
        KEY,
        new Struct(KEY).put("id", id),
        TIMES,
        new Struct(TIMES).put("id", id).put("d", micros),
        offset);
  }

  @Test
  void everyMySqlTimeIsWrittenAsItsExactTextEvenOutsideOneDay() {
    runner.columns.add("d");
    start(Map.of());
    long maxMicros = (838L * 3600 + 59 * 60 + 59) * 1_000_000L;
    task.put(
        List.of(
            time(0, 1, -maxMicros),
            time(1, 2, maxMicros),
            time(2, 3, (23L * 3600 + 59 * 60 + 59) * 1_000_000L + 999_999),
            time(3, 4, -1_500_000L),
            time(4, 5, 0L)));
    assertThat(dataSql())
        .contains("'-838:59:59.000000'")
        .contains("'838:59:59.000000'")
        .contains("'23:59:59.999999'")
        .contains("'-00:00:01.500000'")
        .contains("'00:00:00.000000'")
        .contains("\"d\" VARCHAR(24)");
  }

  @Test
  void anyExceptionWhileConvertingIsABadRecordAndTheOtherTablesAreWritten() {
    // A value the converter cannot cast (a Debezium Date that is a string) used to escape put as a
    // ClassCastException, which errors.tolerance never sees: the task crash-looped.
    Schema odd =
        SchemaBuilder.struct()
            .name("odd")
            .field("id", Schema.INT64_SCHEMA)
            .field("day", SchemaBuilder.string().name("io.debezium.time.Date").build())
            .build();
    SinkRecord bad =
        new SinkRecord(
            "odd",
            3,
            KEY,
            new Struct(KEY).put("id", 1L),
            odd,
            new Struct(odd).put("id", 1L).put("day", "2024-02-29"),
            5);
    start(Map.of("errors.tolerance", "all"));
    context.errors().clear();
    List<Throwable> reasons = context.errors();
    task.put(
        List.of(
            record("orders", 0, 0, 1, "ok", "c", null),
            bad,
            record("orders", 0, 1, 2, "fine", "c", null)));
    assertThat(context.reported()).containsExactly(bad);
    assertThat(reasons.get(0))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("odd-3@5")
        .hasMessageContaining("public.odd")
        .hasMessageContaining("column day");
    assertThat(dataSql()).contains("'ok'").contains("'fine'");
    assertThat(task.preCommit(Map.of(new TopicPartition("odd", 3), new OffsetAndMetadata(6))))
        .containsEntry(new TopicPartition("odd", 3), new OffsetAndMetadata(6));

    start(Map.of());
    assertThatThrownBy(() -> task.put(List.of(bad)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("odd-3@5")
        .hasMessageContaining("column day");
  }

  @Test
  void anIgnoredTombstoneAtTheEndStillAdvancesTheCommittedOffset() {
    start(Map.of());
    SinkRecord tombstone =
        new SinkRecord("orders", 0, KEY, new Struct(KEY).put("id", 1L), null, null, 8);
    task.put(List.of(record("orders", 0, 7, 1, "x", "d", null), tombstone));
    assertThat(task.preCommit(Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(9))))
        .containsEntry(new TopicPartition("orders", 0), new OffsetAndMetadata(9));
  }

  @Test
  void skipsChangesAlreadyCommitted() {
    runner.committedRows = List.of(List.of("orders", "0", "5"));
    start(Map.of());
    task.open(List.of(new TopicPartition("orders", 0)));
    task.put(
        List.of(
            record("orders", 0, 4, 1, "old", "c", null),
            record("orders", 0, 5, 2, "new", "c", null)));
    assertThat(dataSql()).contains("'new'").doesNotContain("'old'");
  }

  @Test
  void stopClosesTheRunner() {
    start(Map.of());
    task.stop();
    assertThat(runner.closed).isTrue();
  }

  @Test
  void openRetriesOnlyAsOftenAsConfigured() {
    start(Map.of(RedshiftSinkConfig.MAX_ATTEMPTS, "2"));
    task.sleeper(d -> {});
    runner.transientFailures = 3;
    assertThatThrownBy(() -> task.open(List.of(new TopicPartition("orders", 0))))
        .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
        .isNotInstanceOf(org.apache.kafka.connect.errors.RetriableException.class)
        .hasMessageContaining("after 2 attempts");
    assertThat(runner.transientFailures).isEqualTo(1);
  }

  @Test
  void aBatchAbortedAgainAndAgainFailsTheTaskAfterTheConfiguredAttempts() {
    start(Map.of(RedshiftSinkConfig.ABORT_MAX_ATTEMPTS, "3"));
    task.open(List.of(new TopicPartition("orders", 0)));
    runner.transientFailure =
        () ->
            io.tidemark.connect.redshift.dataapi.DataApiErrors.toConnect(
                "[rs task] statement failed",
                new io.tidemark.connect.redshift.dataapi.StatementFailedException(
                    "st-1",
                    "FAILED",
                    "ERROR: Query (1) cancelled by WLM abort action of Query Monitoring Rule"));
    runner.transientFailures = Integer.MAX_VALUE;
    List<SinkRecord> batch = List.of(record("orders", 0, 0, 1, "a", "c", null));
    for (int attempt = 1; attempt < 3; attempt++) {
      assertThatThrownBy(() -> task.put(batch))
          .isInstanceOf(org.apache.kafka.connect.errors.RetriableException.class);
    }
    assertThatThrownBy(() -> task.put(batch))
        .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
        .isNotInstanceOf(org.apache.kafka.connect.errors.RetriableException.class)
        .hasMessageContaining("3 times in a row")
        .hasMessageContaining("WLM abort");
  }

  @Test
  void serializationConflictsAreBoundedToo() {
    start(Map.of(RedshiftSinkConfig.ABORT_MAX_ATTEMPTS, "2"));
    task.open(List.of(new TopicPartition("orders", 0)));
    runner.transientFailure =
        () ->
            io.tidemark.connect.redshift.dataapi.DataApiErrors.toConnect(
                "[rs task] statement failed",
                new io.tidemark.connect.redshift.dataapi.StatementFailedException(
                    "st-1",
                    "FAILED",
                    "ERROR: 1023 DETAIL: Serializable isolation violation on table - 16397"));
    runner.transientFailures = Integer.MAX_VALUE;
    List<SinkRecord> batch = List.of(record("orders", 0, 0, 1, "a", "c", null));
    assertThatThrownBy(() -> task.put(batch))
        .isInstanceOf(org.apache.kafka.connect.errors.RetriableException.class);
    assertThatThrownBy(() -> task.put(batch))
        .isNotInstanceOf(org.apache.kafka.connect.errors.RetriableException.class)
        .hasMessageContaining("CONFLICT");
  }

  @Test
  void connectivityFailuresAreRetriedWithoutBoundAndAbortsCountOnlyInARow() {
    start(Map.of(RedshiftSinkConfig.ABORT_MAX_ATTEMPTS, "2"));
    task.open(List.of(new TopicPartition("orders", 0)));
    runner.transientFailure =
        () ->
            new org.apache.kafka.connect.errors.RetriableException(
                "BatchExecuteStatement failed after 6 attempt(s): connection refused");
    runner.transientFailures = 25;
    List<SinkRecord> batch = List.of(record("orders", 0, 0, 1, "a", "c", null));
    for (int i = 0; i < 25; i++) {
      assertThatThrownBy(() -> task.put(batch))
          .isInstanceOf(org.apache.kafka.connect.errors.RetriableException.class);
    }
    task.put(batch);
    assertThat(dataSql()).contains("'a'");
  }

  @Test
  void aFencedWriteRewindsToTheOffsetsAnotherTaskCommittedAndCarriesOn() {
    runner.committedRows = List.of(List.of("orders", "0", "5"));
    start(Map.of());
    TopicPartition tp = new TopicPartition("orders", 0);
    task.open(List.of(tp));
    // Another task committed 5..7 after this one read the offsets: the guard finds 8, not 5.
    runner.fencedBatches = 1;
    runner.committedRows = List.of(List.of("orders", "0", "8"));
    context.seeks().clear();
    task.put(
        List.of(
            record("orders", 0, 5, 1, "five", "c", null),
            record("orders", 0, 6, 2, "six", "c", null),
            record("orders", 0, 7, 3, "seven", "c", null),
            record("orders", 0, 8, 4, "eight", "c", null)));
    assertThat(runner.dataBatches()).hasSize(1);
    assertThat(runner.dataBatches().get(0).get(0))
        .startsWith("CREATE TEMP TABLE \"tidemark_guard\"")
        .contains("\"next_offset\" = 5");
    assertThat(context.seeks()).containsExactly(Map.entry(tp, 8L));
    assertThat(task.preCommit(Map.of(tp, new OffsetAndMetadata(9))))
        .containsExactly(Map.entry(tp, new OffsetAndMetadata(8)));

    // Redelivered from 8: only 8 is written, fenced on what the other task committed.
    task.put(List.of(record("orders", 0, 8, 4, "eight", "c", null)));
    assertThat(runner.dataBatches()).hasSize(2);
    String second = String.join("\n", runner.dataBatches().get(1));
    assertThat(second)
        .contains("'eight'")
        .doesNotContain("'seven'")
        .contains("\"next_offset\" = 8");
    assertThat(task.preCommit(Map.of(tp, new OffsetAndMetadata(9))))
        .containsExactly(Map.entry(tp, new OffsetAndMetadata(9)));
  }

  /**
   * A partition whose transactions keep being fenced (another task keeps committing it first) and
   * that this task never commits: each put rewinds and carries on, but after {@code
   * redshift.transaction.fenced.max.attempts} in a row the task fails naming the partition, instead
   * of looping forever. A commit of its own in between starts the count again.
   */
  @Test
  void aPartitionFencedAgainAndAgainFailsTheTaskAfterTheBoundNamingIt() {
    runner.committedRows = List.of(List.of("orders", "0", "5"));
    start(Map.of("redshift.transaction.fenced.max.attempts", "3"));
    TopicPartition tp = new TopicPartition("orders", 0);
    task.open(List.of(tp));
    List<SinkRecord> batch = List.of(record("orders", 0, 5, 1, "five", "c", null));
    runner.fencedBatches = 2;
    task.put(batch);
    task.put(batch);
    task.put(batch); // commits: the count starts again
    assertThat(task.preCommit(Map.of(tp, new OffsetAndMetadata(6))))
        .containsExactly(Map.entry(tp, new OffsetAndMetadata(6)));
    List<SinkRecord> next = List.of(record("orders", 0, 6, 2, "six", "c", null));
    runner.committedRows = List.of(List.of("orders", "0", "6"));
    runner.fencedBatches = 1_000;
    task.put(next);
    task.put(next);
    assertThatThrownBy(() -> task.put(next))
        .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
        .isNotInstanceOf(org.apache.kafka.connect.errors.RetriableException.class)
        .hasMessageContaining("orders-0")
        .hasMessageContaining("fenced 3 times in a row")
        .hasMessageContaining("redshift.transaction.fenced.max.attempts=3");
  }

  /**
   * A fenced put rewinds only partitions this task still owns: seeking a partition the consumer no
   * longer has throws in the worker (and would re-read a partition another task now writes).
   */
  @Test
  void aFencedPutDoesNotRewindAPartitionNoLongerAssigned() {
    runner.committedRows = List.of(List.of("orders", "0", "5"), List.of("orders", "1", "5"));
    start(Map.of());
    TopicPartition p0 = new TopicPartition("orders", 0);
    TopicPartition p1 = new TopicPartition("orders", 1);
    task.open(List.of(p0, p1));
    task.close(List.of(p1));
    runner.fencedBatches = 1;
    runner.committedRows = List.of(List.of("orders", "0", "5"), List.of("orders", "1", "7"));
    context.seeks().clear();
    task.put(
        List.of(
            record("orders", 0, 5, 1, "five", "c", null),
            record("orders", 1, 5, 2, "p1-five", "c", null)));
    assertThat(context.seeks()).containsExactly(Map.entry(p0, 5L));
  }

  /**
   * Behind a topic-renaming SMT (RegexRouter) the consumer knows the original topic: the rewind
   * seeks it, with the original partition and offset.
   */
  @Test
  void aFencedPutBehindARenamingSmtRewindsTheOriginalTopicPartition() {
    runner.committedRows = List.of(List.of("orders", "0", "5"));
    start(Map.of());
    TopicPartition tp = new TopicPartition("orders", 0);
    task.open(List.of(tp));
    runner.fencedBatches = 1;
    context.seeks().clear();
    SinkRecord original = record("orders", 0, 5, 1, "five", "c", null);
    SinkRecord renamed =
        original.newRecord(
            "renamed",
            0,
            original.keySchema(),
            original.key(),
            original.valueSchema(),
            original.value(),
            original.timestamp());
    task.put(List.of(renamed));
    assertThat(context.seeks()).containsExactly(Map.entry(tp, 5L));
  }

  /**
   * A RegexRouter (or any topic-renaming SMT) routes the table, as users of other JDBC sinks
   * expect; the offsets row stays on the original topic partition, which is what the consumer
   * seeks.
   */
  @Test
  void aRenamingSmtRoutesTheTableWhileOffsetsStayOnTheOriginalTopicPartition() {
    start(Map.of());
    task.open(List.of(new TopicPartition("orders", 0)));
    SinkRecord original = record("orders", 0, 5, 1, "five", "c", null);
    task.put(
        List.of(
            original.newRecord(
                "shop_orders",
                0,
                original.keySchema(),
                original.key(),
                original.valueSchema(),
                original.value(),
                original.timestamp())));
    assertThat(dataSql())
        .contains("\"public\".\"shop_orders\"")
        .doesNotContain("\"public\".\"orders\"")
        .contains("'orders', 0, 6");
  }

  /**
   * Connect redelivers a batch whose put failed, and a rewind redelivers records below what is
   * committed: a bad record (one the converter refuses, one the screen refuses) goes to the DLQ
   * once, not once per attempt. Each report is awaited before the transaction that skips it
   * commits, so a crash cannot lose it (the DLQ stays at-least-once across restarts).
   */
  @Test
  void aBadRecordIsReportedOnceThoughItsPutIsRetriedAndRedelivered() {
    runner.typedColumns =
        List.of(
            List.of("id", "bigint", "", "64", "0", "NO"),
            List.of("name", "character varying", "4", "", "", "YES"),
            List.of("__op", "character varying", "", "", "", "YES"),
            List.of("__deleted", "boolean", "", "", "", "YES"),
            List.of("__position", "character varying", "", "", "", "YES"));
    start(Map.of("errors.tolerance", "all"));
    TopicPartition tp = new TopicPartition("orders", 0);
    task.open(List.of(tp));
    SinkRecord schemaless = new SinkRecord("orders", 0, null, null, null, Map.of("id", 1), 0);
    SinkRecord tooLong = record("orders", 0, 1, 2, "too long", "c", null);
    List<SinkRecord> batch =
        List.of(schemaless, tooLong, record("orders", 0, 2, 3, "fine", "c", null));
    runner.transientFailures = 2;
    assertThatThrownBy(() -> task.put(batch))
        .isInstanceOf(org.apache.kafka.connect.errors.RetriableException.class);
    assertThatThrownBy(() -> task.put(batch))
        .isInstanceOf(org.apache.kafka.connect.errors.RetriableException.class);
    task.put(batch);
    assertThat(task.preCommit(Map.of(tp, new OffsetAndMetadata(3))))
        .containsExactly(Map.entry(tp, new OffsetAndMetadata(3)));
    task.put(batch); // redelivered below the committed offset, as after a rewind
    assertThat(context.reported()).containsExactly(schemaless, tooLong);
    assertThat(dataSql()).contains("'fine'").doesNotContain("too long");
  }
}
