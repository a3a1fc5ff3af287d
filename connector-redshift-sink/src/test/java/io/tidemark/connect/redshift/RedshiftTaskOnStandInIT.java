package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.kit.connect.ConnectWorkerModel;
import io.tidemark.stack.kit.connect.RecordingSinkContext;
import io.tidemark.stack.redshift.RedshiftDataApiComponent;
import io.tidemark.stack.redshift.RedshiftIsolation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Review findings on the real task, runner and SQL against the Data API stand-in. */
class RedshiftTaskOnStandInIT {
  private static final Path DIR =
      Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
          .resolveSibling("redshift-task-it");

  private static LocalStack stack;
  private static Postgres postgres;
  private static RedshiftDataApiComponent redshift;

  @BeforeAll
  static void start() {
    redshift = new RedshiftDataApiComponent(0);
    postgres = new Postgres(0);
    stack =
        LocalStack.builder(DIR).add(postgres).add(new S3Server(0)).add(redshift).build().start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static Map<String, String> props(String name) {
    Map<String, String> props = new HashMap<>();
    props.put("name", name);
    props.put(RedshiftSinkConfig.REGION, "us-east-1");
    props.put(RedshiftSinkConfig.ENDPOINT_OVERRIDE, redshift.endpoint());
    props.put(RedshiftSinkConfig.WORKGROUP, RedshiftDataApiComponent.WORKGROUP);
    props.put(RedshiftSinkConfig.SECRET_ARN, RedshiftDataApiComponent.SECRET_ARN);
    props.put(RedshiftSinkConfig.ACCESS_KEY_ID, "local");
    props.put(RedshiftSinkConfig.SECRET_ACCESS_KEY, "local-secret");
    props.put(RedshiftSinkConfig.POLL_INITIAL_MS, "2");
    props.put(RedshiftSinkConfig.POLL_MAX_MS, "20");
    return props;
  }

  private static long scalar(String sql) throws SQLException {
    try (Connection c = postgres.connection(Postgres.DATABASE);
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getLong(1);
    }
  }

  /**
   * Finding 1 end to end: append mode, one put of a partition whose change positions disagree with
   * its offsets (Debezium re-sent a suffix), split into several insert-path transactions. The third
   * transaction moves the offsets row back; the fourth is fenced by its own task; the rewind
   * redelivers records the first transactions already appended: they are appended twice.
   */
  @Test
  void appendModeWritesEveryRecordOnceWhenAWriteIsSplitAndPositionsDisagreeWithOffsets()
      throws SQLException {
    String topic = "review_split";
    TopicPartition tp = new TopicPartition(topic, 0);
    List<SinkRecord> records = new ArrayList<>();
    for (SinkRecord r : SplitWriteOffsetsTest.resentSuffix()) {
      records.add(
          new SinkRecord(topic, 0, null, null, r.valueSchema(), r.value(), r.kafkaOffset()));
    }
    Map<TopicPartition, NavigableMap<Long, SinkRecord>> log =
        Map.of(tp, ConnectWorkerModel.byOffset(records));
    Map<TopicPartition, Long> group = new HashMap<>();
    Map<String, String> props = props("review-split");
    props.put(RedshiftSinkConfig.MODE, "append");
    props.put(RedshiftSinkConfig.MAX_STATEMENTS, "10");
    props.put(RedshiftSinkConfig.MAX_STATEMENT_BYTES, "4096");
    List<String> commitsAboveRow = new ArrayList<>();
    ConnectWorkerModel<RedshiftSinkTask> worker =
        new ConnectWorkerModel<>(
                log,
                group,
                RedshiftSinkTask::new,
                props,
                ConnectWorkerModel.Poll.upTo(100),
                new ConnectWorkerModel.Stats())
            .checkPreCommit(
                (p, offset) -> {
                  try {
                    long row =
                        scalar(
                            "SELECT next_offset FROM public.tidemark_offsets WHERE connector_name ="
                                + " 'review-split'");
                    if (offset > row) {
                      commitsAboveRow.add(offset + " > " + row);
                    }
                  } catch (SQLException e) {
                    throw new IllegalStateException(e);
                  }
                });
    worker.startTask(List.of(tp));
    for (int i = 0; !worker.caughtUp(); i++) {
      assertThat(i).as("caught up").isLessThan(20);
      worker.iteration();
      worker.commitOffsets();
    }
    worker.stop();

    assertThat(
            scalar(
                "SELECT next_offset FROM public.tidemark_offsets WHERE connector_name ="
                    + " 'review-split'"))
        .isEqualTo(12);
    assertThat(commitsAboveRow).as("group commits above the offsets row").isEmpty();
    // On this code: 15 rows, offsets 6, 7 and 8 appended twice.
    assertThat(scalar("SELECT COUNT(*) FROM public." + topic)).as("rows appended").isEqualTo(12);
  }

  private static final Schema KEY = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
  private static final Schema VALUE =
      SchemaBuilder.struct()
          .field("id", Schema.INT64_SCHEMA)
          .field("v", Schema.OPTIONAL_STRING_SCHEMA)
          .build();

  private static SinkRecord keyed(String topic, int partition, long offset, long id) {
    return new SinkRecord(
        topic,
        partition,
        KEY,
        new Struct(KEY).put("id", id),
        VALUE,
        new Struct(VALUE).put("id", id).put("v", partition + "-" + offset),
        offset);
  }

  private static RedshiftSinkTask task(Map<String, String> props, TopicPartition tp) {
    RedshiftSinkTask task = new RedshiftSinkTask();
    task.initialize(new RecordingSinkContext().withErrantRecordReporter());
    task.start(props);
    task.open(List.of(tp));
    return task;
  }

  /**
   * Finding 2: two tasks of one connector (tasks.max=2) own partitions of different topics (one
   * table each, as with Debezium's topic per table) and share nothing but the offsets table. Every
   * transaction reads it (the guard) and writes it, so under SERIALIZABLE two overlapping
   * transactions form a read/write cycle and one is aborted with 1023 (Redshift detects
   * serializable violations per table; the stand-in's PostgreSQL SSI does the same here). Such
   * conflicts count toward redshift.transaction.abort.max.attempts (10 in a row fails the task), so
   * a busy multi-task connector on a SERIALIZABLE database fails tasks by chance. SNAPSHOT passes.
   */
  @ParameterizedTest
  @EnumSource(RedshiftIsolation.class)
  void twoTasksWritingDifferentTablesDoNotAbortEachOther(RedshiftIsolation isolation)
      throws Exception {
    String suffix = isolation.name().toLowerCase(java.util.Locale.ROOT);
    String topicA = "review_a_" + suffix;
    String topicB = "review_b_" + suffix;
    TopicPartition pa = new TopicPartition(topicA, 0);
    TopicPartition pb = new TopicPartition(topicB, 0);
    Map<String, String> props = props("review-pair-" + suffix);
    RedshiftSinkTask a = task(props, pa);
    RedshiftSinkTask b = task(props, pb);
    // The tables exist and each partition has committed once.
    a.put(List.of(keyed(topicA, 0, 0, 0)));
    b.put(List.of(keyed(topicB, 0, 0, 1)));
    redshift.isolation(isolation);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> puts = new ArrayList<>();
    try (Connection lock = postgres.connection(Postgres.DATABASE);
        java.sql.Statement sql = lock.createStatement()) {
      lock.setAutoCommit(false);
      // Holds both transactions after their guard (snapshot) until both are in flight.
      sql.execute(
          "LOCK TABLE \"public\".\""
              + topicA
              + "\", \"public\".\""
              + topicB
              + "\" IN ACCESS EXCLUSIVE MODE");
      puts.add(pool.submit(() -> a.put(List.of(keyed(topicA, 0, 1, 2)))));
      puts.add(pool.submit(() -> b.put(List.of(keyed(topicB, 0, 1, 3)))));
      awaitLockWaiters(2, puts);
      lock.rollback();
    }
    List<String> failures = new ArrayList<>();
    try {
      for (Future<?> put : puts) {
        try {
          put.get();
        } catch (java.util.concurrent.ExecutionException e) {
          failures.add(String.valueOf(e.getCause()));
        }
      }
    } finally {
      pool.shutdownNow();
      redshift.isolation(RedshiftIsolation.SNAPSHOT);
      a.stop();
      b.stop();
    }
    assertThat(failures).as("puts of tasks that share only the offsets table").isEmpty();
  }

  /**
   * Two busy tasks of one connector at SERIALIZABLE, each writing its own table, with {@code
   * redshift.transaction.abort.max.attempts=1}: after the first conflict shows the database is
   * SERIALIZABLE (not counted), every transaction locks the offsets table first, so no further
   * conflict through it can fail a task; every change is written once.
   */
  @Test
  void busyTasksAtSerializableNeverFailOnConflictsThroughTheOffsetsTable() throws Exception {
    String topicA = "busy_a";
    String topicB = "busy_b";
    TopicPartition pa = new TopicPartition(topicA, 0);
    TopicPartition pb = new TopicPartition(topicB, 0);
    Map<String, String> props = props("busy-pair");
    props.put(RedshiftSinkConfig.ABORT_MAX_ATTEMPTS, "1");
    int puts = 15;
    redshift.isolation(RedshiftIsolation.SERIALIZABLE);
    RedshiftSinkTask a = task(props, pa);
    RedshiftSinkTask b = task(props, pb);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<String> failures = new ArrayList<>();
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (Object[] t : new Object[][] {{a, topicA}, {b, topicB}}) {
        RedshiftSinkTask task = (RedshiftSinkTask) t[0];
        String topic = (String) t[1];
        runs.add(
            pool.submit(
                () -> {
                  for (int o = 0; o < puts; o++) {
                    task.put(List.of(keyed(topic, 0, o, o % 4)));
                  }
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        try {
          run.get();
        } catch (java.util.concurrent.ExecutionException e) {
          failures.add(String.valueOf(e.getCause()));
        }
      }
    } finally {
      pool.shutdownNow();
      redshift.isolation(RedshiftIsolation.SNAPSHOT);
      a.stop();
      b.stop();
    }
    assertThat(failures).as("busy tasks at SERIALIZABLE").isEmpty();
    for (String topic : List.of(topicA, topicB)) {
      assertThat(
              scalar(
                  "SELECT next_offset FROM public.tidemark_offsets WHERE connector_name ="
                      + " 'busy-pair' AND topic = '"
                      + topic
                      + "'"))
          .isEqualTo(puts);
      assertThat(scalar("SELECT COUNT(*) FROM public." + topic)).as(topic).isEqualTo(4);
      assertThat(
              scalar("SELECT COUNT(*) FROM public." + topic + " WHERE v = '0-" + (puts - 1) + "'"))
          .as("the last change of key %d in %s", (puts - 1) % 4, topic)
          .isEqualTo(1);
    }
  }

  private static void awaitLockWaiters(int n, List<Future<?>> writes) throws Exception {
    try (Connection c = postgres.connection(Postgres.DATABASE);
        java.sql.Statement s = c.createStatement()) {
      while (writes.stream().noneMatch(Future::isDone)) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
          rs.next();
          if (rs.getInt(1) >= n) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
  }
}
