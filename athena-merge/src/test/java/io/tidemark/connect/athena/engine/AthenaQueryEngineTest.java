package io.tidemark.connect.athena.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

class AthenaQueryEngineTest {

  private final FakeAthena athena = new FakeAthena();
  private final List<Duration> sleeps = new ArrayList<>();
  private final AthenaSettings settings =
      new AthenaSettings(
          "wg",
          Optional.of("s3://results/"),
          "AwsDataCatalog",
          "lake",
          new Backoff(Duration.ofMillis(100), Duration.ofMillis(400)),
          Duration.ofHours(1));
  private final AthenaQueryEngine engine =
      new AthenaQueryEngine(
          athena,
          settings,
          sleeps::add,
          Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));

  private static QueryExecution state(QueryExecutionState s) {
    return QueryExecution.builder().status(b -> b.state(s)).build();
  }

  private static QueryExecution failed(String reason, Integer category, Boolean retryable) {
    return QueryExecution.builder()
        .status(
            b ->
                b.state(QueryExecutionState.FAILED)
                    .stateChangeReason(reason)
                    .athenaError(
                        AthenaError.builder()
                            .errorCategory(category)
                            .errorType(1000)
                            .retryable(retryable)
                            .errorMessage(reason)
                            .build()))
        .build();
  }

  @Test
  void startsWithTokenAndContextPollsWithBackoffAndReportsBytesScanned() {
    athena.polls.add(state(QueryExecutionState.QUEUED));
    athena.polls.add(state(QueryExecutionState.RUNNING));
    athena.polls.add(state(QueryExecutionState.RUNNING));
    athena.polls.add(state(QueryExecutionState.RUNNING));
    athena.polls.add(
        QueryExecution.builder()
            .status(b -> b.state(QueryExecutionState.SUCCEEDED))
            .statistics(s -> s.dataScannedInBytes(12345L))
            .build());

    QueryResult r = engine.execute("MERGE ...", "tm-token-0");

    assertThat(r.queryId()).isEqualTo("q-1");
    assertThat(r.bytesScanned()).isEqualTo(12345L);
    var start = athena.starts.get(0);
    assertThat(start.clientRequestToken()).isEqualTo("tm-token-0");
    assertThat(start.workGroup()).isEqualTo("wg");
    assertThat(start.queryExecutionContext().catalog()).isEqualTo("AwsDataCatalog");
    assertThat(start.queryExecutionContext().database()).isEqualTo("lake");
    assertThat(start.resultConfiguration().outputLocation()).isEqualTo("s3://results/");
    assertThat(sleeps)
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(400));
  }

  @Test
  void icebergCommitErrorIsRetryable() {
    athena.polls.add(failed("ICEBERG_COMMIT_ERROR: Failed to commit Iceberg update", 2, false));
    assertThatThrownBy(() -> engine.execute("MERGE", "t"))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> {
              assertThat(e.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
              assertThat(e.queryId()).contains("q-1");
            });
  }

  @Test
  void userErrorsAreFatalAndSystemErrorsRetryable() {
    athena.polls.add(failed("TABLE_NOT_FOUND: line 1:12: Table 'x' does not exist", 2, false));
    assertThatThrownBy(() -> engine.execute("MERGE", "t"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL));
    athena.polls.add(failed("internal error", 1, null));
    assertThatThrownBy(() -> engine.execute("MERGE", "t"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.RETRYABLE));
    athena.polls.add(
        failed("HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers", 2, false));
    assertThatThrownBy(() -> engine.execute("MERGE", "t"))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.TOO_MANY_PARTITIONS));
  }

  @Test
  void startFailuresAreClassified() {
    athena.startResults.add(TooManyRequestsException.builder().message("slow down").build());
    assertThatThrownBy(() -> engine.execute("MERGE", "t"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.RETRYABLE));
    athena.startResults.add(InvalidRequestException.builder().message("bad").build());
    assertThatThrownBy(() -> engine.execute("MERGE", "t"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL));
    athena.startResults.add(SdkClientException.create("connection reset"));
    assertThatThrownBy(() -> engine.execute("MERGE", "t"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.RETRYABLE));
  }

  @Test
  void aTransientPollFailureKeepsPolling() {
    athena.polls.add(SdkClientException.create("timeout"));
    athena.polls.add(state(QueryExecutionState.SUCCEEDED));
    assertThat(engine.execute("MERGE", "t").bytesScanned()).isEqualTo(-1);
  }

  @Test
  void cancelledQueriesAndStop() {
    athena.polls.add(state(QueryExecutionState.CANCELLED));
    assertThatThrownBy(() -> engine.execute("MERGE", "t"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.CANCELLED));

    athena.polls.add(state(QueryExecutionState.RUNNING));
    athena.polls.add(state(QueryExecutionState.RUNNING));
    // stop() from another thread while the query runs: here it happens during the poll wait.
    AthenaQueryEngine[] ref = new AthenaQueryEngine[1];
    AthenaQueryEngine withStopInSleep =
        new AthenaQueryEngine(athena, settings, d -> ref[0].cancelAll(), Clock.systemUTC());
    ref[0] = withStopInSleep;
    assertThatThrownBy(() -> withStopInSleep.execute("MERGE", "t"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.CANCELLED));
    assertThat(athena.stopped).containsOnly("q-2");
    assertThatThrownBy(() -> withStopInSleep.execute("MERGE", "t"))
        .hasMessageContaining("stopping");
  }

  private static QueryExecution ended(QueryExecutionState s, Instant submitted) {
    return QueryExecution.builder()
        .status(b -> b.state(s).submissionDateTime(submitted).stateChangeReason("TABLE_NOT_FOUND"))
        .build();
  }

  @Test
  void aStartWithoutReplyIsUnansweredSoTheSameTokenIsResent() {
    athena.startResults.add(
        SdkClientException.create("Unable to execute HTTP request: NoHttpResponseException"));
    assertThatThrownBy(() -> engine.execute("MERGE", "t"))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> {
              assertThat(e.errorClass()).isEqualTo(ErrorClass.RETRYABLE);
              assertThat(e.outcome()).isEqualTo(QueryException.Outcome.UNANSWERED);
            });
  }

  @Test
  void executionsSubmittedBeforeTheStartMarkerAreInheritedLaterOnesEnded() {
    Instant marker = athena.markerSubmitted;
    athena.polls.add(ended(QueryExecutionState.CANCELLED, marker.minusSeconds(3600)));
    athena.polls.add(ended(QueryExecutionState.FAILED, marker.minusMillis(1)));
    athena.polls.add(ended(QueryExecutionState.FAILED, marker));
    athena.polls.add(ended(QueryExecutionState.CANCELLED, marker.plusSeconds(5)));
    athena.polls.add(ended(QueryExecutionState.FAILED, null));
    List<QueryException.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      try {
        engine.execute("MERGE", "t");
      } catch (QueryException e) {
        outcomes.add(e.outcome());
      }
    }
    assertThat(outcomes)
        .containsExactly(
            QueryException.Outcome.INHERITED,
            QueryException.Outcome.INHERITED,
            QueryException.Outcome.ENDED,
            QueryException.Outcome.ENDED,
            QueryException.Outcome.ENDED);
    // One marker per engine, before its first statement, with a token of its own, not awaited.
    assertThat(athena.markers)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.clientRequestToken())
                  .startsWith("tm-start-marker-")
                  .hasSizeBetween(32, 128);
              assertThat(m.workGroup()).isEqualTo("wg");
            });
    assertThat(athena.starts).hasSize(5);
  }
}
