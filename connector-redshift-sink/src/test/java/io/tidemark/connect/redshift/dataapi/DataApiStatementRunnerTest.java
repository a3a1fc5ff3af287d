package io.tidemark.connect.redshift.dataapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

class DataApiStatementRunnerTest {

  private final FakeDataClient client = new FakeDataClient();
  private final List<Duration> sleeps = new ArrayList<>();
  private final PollPolicy policy =
      new PollPolicy(
          Duration.ofMillis(50),
          Duration.ofMillis(400),
          Duration.ofMinutes(1),
          3,
          Duration.ofMillis(100),
          () -> 0.5);
  private final DataApiStatementRunner runner =
      new DataApiStatementRunner(
          client,
          DataApiTarget.workgroup("wg", "dev", Optional.of("arn:secret")),
          policy,
          sleeps::add,
          "[c task-0]");

  @Test
  void submitsWithClientTokenAndPollsWithBackoffUntilFinished() {
    client.statuses.add(FakeDataClient.status(StatusString.SUBMITTED, null));
    client.statuses.add(FakeDataClient.status(StatusString.PICKED, null));
    client.statuses.add(FakeDataClient.status(StatusString.STARTED, null));
    client.statuses.add(FakeDataClient.status(StatusString.STARTED, null));
    client.statuses.add(FakeDataClient.status(StatusString.STARTED, null));
    client.statuses.add(FakeDataClient.status(StatusString.FINISHED, null));
    runner.executeBatch(List.of("SELECT 1", "SELECT 2"), "token-1");
    assertThat(client.batches)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.sqls()).containsExactly("SELECT 1", "SELECT 2");
              assertThat(r.clientToken()).isEqualTo("token-1");
              assertThat(r.workgroupName()).isEqualTo("wg");
              assertThat(r.secretArn()).isEqualTo("arn:secret");
              assertThat(r.clusterIdentifier()).isNull();
            });
    assertThat(sleeps)
        .containsExactly(
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(400));
  }

  @Test
  void throttlingIsRetriedWithJitterAndTheSameToken() {
    client.submitFailures.add(FakeDataClient.throttling());
    client.submitFailures.add(FakeDataClient.throttling());
    client.statuses.add(FakeDataClient.status(StatusString.FINISHED, null));
    runner.executeBatch(List.of("SELECT 1"), "t");
    assertThat(client.batches)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.clientToken()).isEqualTo("t"));
    assertThat(sleeps).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void throttlingBeyondMaxAttemptsIsRetriable() {
    for (int i = 0; i < 3; i++) {
      client.submitFailures.add(FakeDataClient.throttling());
    }
    assertThatThrownBy(() -> runner.executeBatch(List.of("SELECT 1"), "t"))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("after 3 attempt");
  }

  @Test
  void validationErrorsAreFatalAtOnce() {
    client.submitFailures.add(
        ValidationException.builder().statusCode(400).message("too long").build());
    assertThatThrownBy(() -> runner.executeBatch(List.of("SELECT 1"), "t"))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class);
    assertThat(client.batches).hasSize(1);
  }

  @Test
  void failedStatementIsFatalAndCarriesTheError() {
    client.statuses.add(
        FakeDataClient.status(StatusString.FAILED, "ERROR: relation \"x\" does not exist"));
    assertThatThrownBy(() -> runner.executeBatch(List.of("SELECT 1"), "t"))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void serializationConflictsAndAbortsAreRetriable() {
    client.statuses.add(
        FakeDataClient.status(
            StatusString.FAILED, "ERROR: 1023 Serializable isolation violation on table"));
    assertThatThrownBy(() -> runner.executeBatch(List.of("SELECT 1"), "t"))
        .isInstanceOf(RetriableException.class);
    client.statuses.clear();
    client.statuses.add(FakeDataClient.status(StatusString.ABORTED, null));
    assertThatThrownBy(() -> runner.executeBatch(List.of("SELECT 1"), "t"))
        .isInstanceOf(RetriableException.class);
  }

  @Test
  void slowStatementIsCancelledAfterTheTimeout() {
    DataApiStatementRunner impatient =
        new DataApiStatementRunner(
            client,
            DataApiTarget.cluster("c", "dev", Optional.empty(), Optional.of("u")),
            new PollPolicy(
                Duration.ofMillis(1),
                Duration.ofMillis(1),
                Duration.ofMillis(30),
                3,
                Duration.ofMillis(1),
                () -> 0),
            d -> Thread.sleep(5),
            "[t]");
    client.statuses.add(FakeDataClient.status(StatusString.STARTED, null));
    client.afterCancel.add(FakeDataClient.status(StatusString.ABORTED, null));
    assertThatThrownBy(() -> impatient.executeBatch(List.of("SELECT pg_sleep(10)"), "t"))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("cancelled");
    assertThat(client.cancelled).containsExactly("st-1");
    assertThat(client.batches.get(0).dbUser()).isEqualTo("u");
  }

  private DataApiStatementRunner impatient(Duration settleTimeout) {
    return new DataApiStatementRunner(
        client,
        DataApiTarget.workgroup("wg", "dev", Optional.empty()),
        new PollPolicy(
            Duration.ofMillis(1),
            Duration.ofMillis(1),
            Duration.ofMillis(30),
            3,
            Duration.ofMillis(1),
            () -> 0,
            settleTimeout),
        d -> Thread.sleep(5),
        "[t]");
  }

  @Test
  void aStatementThatFinishesAfterItsCancelCountsAsDone() {
    client.statuses.add(FakeDataClient.status(StatusString.STARTED, null));
    client.afterCancel.add(FakeDataClient.status(StatusString.STARTED, null));
    client.afterCancel.add(FakeDataClient.status(StatusString.FINISHED, null));
    // It committed after all: the write is done, not retried.
    impatient(Duration.ofSeconds(30)).executeBatch(List.of("INSERT INTO t SELECT 1"), "t");
    assertThat(client.cancelled).containsExactly("st-1");
    assertThat(client.calls).endsWith("cancel", "describe STARTED", "describe FINISHED");
  }

  @Test
  void aCancelledStatementIsAwaitedUntilItEndedAndReadsAsAnAbort() {
    client.statuses.add(FakeDataClient.status(StatusString.STARTED, null));
    client.afterCancel.add(FakeDataClient.status(StatusString.STARTED, null));
    client.afterCancel.add(FakeDataClient.status(StatusString.STARTED, null));
    client.afterCancel.add(FakeDataClient.status(StatusString.ABORTED, null));
    assertThatThrownBy(
            () -> impatient(Duration.ofSeconds(30)).executeBatch(List.of("SELECT 1"), "t"))
        .isInstanceOf(RetriableException.class)
        .satisfies(e -> assertThat(DataApiErrors.cause(e)).isEqualTo(DataApiErrors.Cause.ABORTED));
    // Only thrown once the statement is seen to have ended: nothing can commit behind our back.
    assertThat(client.calls)
        .endsWith("cancel", "describe STARTED", "describe STARTED", "describe ABORTED");
  }

  /**
   * A statement that ends FAILED after the sink's cancel is reported as FAILED with its own error
   * (here one that will fail again: fatal), not as an ABORTED statement retried as an abort.
   */
  @Test
  void aStatementThatEndsFailedAfterItsCancelIsReportedAsFailedWithItsError() {
    client.statuses.add(FakeDataClient.status(StatusString.STARTED, null));
    client.afterCancel.add(
        FakeDataClient.status(StatusString.FAILED, "ERROR: value too long for type character"));
    assertThatThrownBy(
            () -> impatient(Duration.ofSeconds(30)).executeBatch(List.of("SELECT 1"), "t"))
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("ended FAILED")
        .hasMessageContaining("value too long")
        .hasMessageContaining("after the sink cancelled it");
  }

  @Test
  void aCancelledStatementThatNeverEndsFailsTheTask() {
    client.statuses.add(FakeDataClient.status(StatusString.STARTED, null));
    client.afterCancel.add(FakeDataClient.status(StatusString.STARTED, null));
    assertThatThrownBy(
            () -> impatient(Duration.ofMillis(50)).executeBatch(List.of("SELECT 1"), "t"))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("still STARTED")
        .hasMessageContaining("redshift.statement.settle.timeout.ms");
  }

  @Test
  void aSubmitWhoseReplyWasLostIsSentAgainWithItsTokenBeforeTheNextBatch() {
    for (int i = 0; i < 3; i++) {
      client.submitFailures.add(SdkClientException.create("Read timed out"));
    }
    client.statuses.add(FakeDataClient.status(StatusString.FINISHED, null));
    assertThatThrownBy(() -> runner.executeBatch(List.of("INSERT 1"), "token-1"))
        .isInstanceOf(RetriableException.class);
    runner.executeBatch(List.of("INSERT 2"), "token-2");
    assertThat(client.batches.stream().map(r -> r.clientToken() + " " + r.sqls()).toList())
        .containsExactly(
            "token-1 [INSERT 1]",
            "token-1 [INSERT 1]",
            "token-1 [INSERT 1]",
            "token-1 [INSERT 1]",
            "token-2 [INSERT 2]");
    // The resent one is awaited before the next batch is sent.
    assertThat(client.calls.subList(3, client.calls.size()))
        .containsExactly(
            "batch token-1", "describe FINISHED", "batch token-2", "describe FINISHED");
  }

  @Test
  void aStatementWhosePollsWereLostIsAwaitedBeforeTheNextQuery() {
    client.statuses.add(FakeDataClient.status(StatusString.STARTED, null));
    client.statuses.add(FakeDataClient.status(StatusString.FINISHED, null));
    for (int i = 0; i < 3; i++) {
      client.describeFailures.add(SdkClientException.create("connection reset"));
    }
    assertThatThrownBy(() -> runner.executeBatch(List.of("INSERT 1"), "token-1"))
        .isInstanceOf(RetriableException.class);
    client.results.add(GetStatementResultResponse.builder().records(List.of()).build());
    runner.query("SELECT next_offset FROM offsets");
    assertThat(client.calls)
        .containsExactly(
            "batch token-1",
            "describe lost",
            "describe lost",
            "describe lost",
            "describe STARTED",
            "describe FINISHED",
            "execute",
            "describe FINISHED");
    assertThat(client.batches).hasSize(1);
  }

  @Test
  void executeBatchReturnsTheRowCountsOfItsStatements() {
    client.statuses.add(
        FakeDataClient.status(StatusString.FINISHED, null).toBuilder()
            .subStatements(
                software.amazon.awssdk.services.redshiftdata.model.SubStatementData.builder()
                    .resultRows(3L)
                    .build(),
                software.amazon.awssdk.services.redshiftdata.model.SubStatementData.builder()
                    .resultRows(0L)
                    .build())
            .build());
    assertThat(runner.executeBatch(List.of("DELETE", "INSERT"), "t")).containsExactly(3L, 0L);
  }

  @Test
  void queryPagesThroughResults() {
    client.statuses.add(FakeDataClient.status(StatusString.FINISHED, null));
    client.results.add(
        GetStatementResultResponse.builder()
            .nextToken("p2")
            .records(
                List.of(
                    List.of(
                        Field.builder().stringValue("orders").build(),
                        Field.builder().longValue(0L).build(),
                        Field.builder().longValue(12L).build())))
            .build());
    client.results.add(
        GetStatementResultResponse.builder()
            .records(
                List.of(
                    List.of(
                        Field.builder().stringValue("orders").build(),
                        Field.builder().longValue(1L).build(),
                        Field.builder().isNull(true).build())))
            .build());
    assertThat(runner.query("SELECT 1"))
        .containsExactly(
            List.of("orders", "0", "12"), java.util.Arrays.asList("orders", "1", null));
  }

  @Test
  void everySubmissionGetsItsOwnToken() {
    assertThat(ClientTokens.fresh()).isNotEqualTo(ClientTokens.fresh()).hasSize(36);
  }
}
