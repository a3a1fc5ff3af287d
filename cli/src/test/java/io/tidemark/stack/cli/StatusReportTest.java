package io.tidemark.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StatusReportTest {
  private static final TopicPartition USERS = new TopicPartition("tidemark.myschema.users", 0);
  private static final TopicPartition TRANSACTIONS =
      new TopicPartition("tidemark.myschema.transactions", 0);

  @Test
  void lagIsEndMinusCommittedAndCountsUncommittedPartitionsFromTheirStart() {
    StatusReport.Lag lag =
        StatusReport.Lag.of(
            Map.of(USERS, 0L, TRANSACTIONS, 5L),
            Map.of(USERS, 10L, TRANSACTIONS, 25L),
            Map.of(USERS, 7L));

    assertThat(lag.byPartition()).containsEntry(USERS, 3L).containsEntry(TRANSACTIONS, 20L);
    assertThat(lag.total()).isEqualTo(23);
  }

  @Test
  void aGroupAheadOfTheEndHasNoNegativeLag() {
    assertThat(StatusReport.Lag.of(Map.of(), Map.of(USERS, 4L), Map.of(USERS, 9L)).total())
        .isZero();
  }

  @Test
  void rendersOneLinePerConnectorWithLagForSinksOnly() {
    List<StatusReport.Row> rows =
        List.of(
            new StatusReport.Row(
                "mysql-cdc", "source", "RUNNING", List.of("RUNNING"), Optional.empty()),
            new StatusReport.Row(
                "s3-landing",
                "sink",
                "RUNNING",
                List.of("RUNNING", "FAILED"),
                Optional.of(StatusReport.Lag.of(Map.of(), Map.of(USERS, 4L), Map.of(USERS, 1L)))));

    assertThat(StatusReport.render(rows))
        .isEqualTo(
            """
          connector   type    state    tasks                lag (records)
          mysql-cdc   source  RUNNING  1/1 running          -
          s3-landing  sink    RUNNING  1/2 running, FAILED  3 (tidemark.myschema.users-0: 3)
        """);
    assertThat(StatusReport.healthy(rows)).isFalse();
    assertThat(StatusReport.healthy(rows.subList(0, 1))).isTrue();
  }
}
