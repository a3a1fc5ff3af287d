package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.redshift.RedshiftDataApiComponent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Review findings on the real task, runner and SQL against the Data API stand-in. */
class ReviewRedshiftIT {
  private static final Path DIR =
      Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
          .resolveSibling("redshift-review-it");

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
    for (SinkRecord r : ReviewSplitOffsetsTest.resentSuffix()) {
      records.add(
          new SinkRecord(
              topic, 0, null, null, r.valueSchema(), r.value(), r.kafkaOffset()));
    }
    Map<TopicPartition, List<SinkRecord>> log = Map.of(tp, records);
    Map<TopicPartition, Long> group = new HashMap<>();
    Map<String, String> props = props("review-split");
    props.put(RedshiftSinkConfig.MODE, "append");
    props.put(RedshiftSinkConfig.MAX_STATEMENTS, "10");
    props.put(RedshiftSinkConfig.MAX_STATEMENT_BYTES, "4096");
    RedshiftSinkTask task = new RedshiftSinkTask();
    List<String> commitsAboveRow = new ArrayList<>();
    ConnectWorkerModel worker =
        new ConnectWorkerModel(
            log,
            group,
            task,
            props,
            100,
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
    worker.assign(List.of(tp));
    for (int i = 0; !worker.caughtUp(); i++) {
      assertThat(i).as("caught up").isLessThan(20);
      worker.iteration();
      worker.commit();
    }
    worker.revokeAll();
    task.stop();

    assertThat(
            scalar(
                "SELECT next_offset FROM public.tidemark_offsets WHERE connector_name ="
                    + " 'review-split'"))
        .isEqualTo(12);
    assertThat(commitsAboveRow).as("group commits above the offsets row").isEmpty();
    // On this code: 15 rows, offsets 6, 7 and 8 appended twice.
    assertThat(scalar("SELECT COUNT(*) FROM public." + topic)).as("rows appended").isEqualTo(12);
  }
}
