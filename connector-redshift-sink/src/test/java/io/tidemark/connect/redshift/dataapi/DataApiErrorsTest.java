package io.tidemark.connect.redshift.dataapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.redshiftdata.model.ActiveStatementsExceededException;
import software.amazon.awssdk.services.redshiftdata.model.InternalServerException;
import software.amazon.awssdk.services.redshiftdata.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;

class DataApiErrorsTest {

  @Test
  void classifiesSdkErrors() {
    assertThat(DataApiErrors.classify(FakeDataClient.throttling()))
        .isEqualTo(DataApiErrors.Kind.THROTTLED);
    assertThat(
            DataApiErrors.classify(
                ActiveStatementsExceededException.builder().message("x").build()))
        .isEqualTo(DataApiErrors.Kind.THROTTLED);
    assertThat(
            DataApiErrors.classify(
                InternalServerException.builder().statusCode(500).message("x").build()))
        .isEqualTo(DataApiErrors.Kind.TRANSIENT);
    assertThat(DataApiErrors.classify(SdkClientException.create("connection refused")))
        .isEqualTo(DataApiErrors.Kind.TRANSIENT);
    assertThat(
            DataApiErrors.classify(
                ValidationException.builder().statusCode(400).message("x").build()))
        .isEqualTo(DataApiErrors.Kind.FATAL);
    assertThat(
            DataApiErrors.classify(
                ResourceNotFoundException.builder().statusCode(400).message("x").build()))
        .isEqualTo(DataApiErrors.Kind.FATAL);
    assertThat(DataApiErrors.classify(new IllegalStateException()))
        .isEqualTo(DataApiErrors.Kind.FATAL);
  }

  @Test
  void classifiesStatementFailures() {
    assertThat(
            DataApiErrors.classify(
                new StatementFailedException(
                    "i", "FAILED", "ERROR: syntax error at or near \"x\"")))
        .isEqualTo(DataApiErrors.Kind.FATAL);
    assertThat(
            DataApiErrors.classify(
                new StatementFailedException("i", "FAILED", "ERROR: deadlock detected")))
        .isEqualTo(DataApiErrors.Kind.TRANSIENT);
    assertThat(DataApiErrors.classify(new StatementFailedException("i", "ABORTED", null)))
        .isEqualTo(DataApiErrors.Kind.TRANSIENT);
    assertThat(DataApiErrors.toConnect("w", new StatementFailedException("i", "ABORTED", null)))
        .isInstanceOf(RetriableException.class);
  }

  @Test
  void abortsAndConflictsAreToldApartFromConnectivity() {
    assertThat(
            DataApiErrors.cause(
                DataApiErrors.toConnect(
                    "w",
                    new StatementFailedException(
                        "i",
                        "FAILED",
                        "ERROR: Query (500123) cancelled by WLM abort action of Query Monitoring"
                            + " Rule \"long_running\"."))))
        .isEqualTo(DataApiErrors.Cause.ABORTED);
    assertThat(
            DataApiErrors.classify(
                new StatementFailedException(
                    "i", "FAILED", "ERROR: Query (1) cancelled by WLM abort action")))
        .isEqualTo(DataApiErrors.Kind.TRANSIENT);
    assertThat(DataApiErrors.cause(new StatementFailedException("i", "ABORTED", null)))
        .isEqualTo(DataApiErrors.Cause.ABORTED);
    assertThat(
            DataApiErrors.cause(
                new StatementFailedException(
                    "i",
                    "FAILED",
                    "ERROR: 1023 DETAIL: Serializable isolation violation on table - 16397,"
                        + " transactions forming the cycle are: 1234, 1240 (pid:40123)")))
        .isEqualTo(DataApiErrors.Cause.CONFLICT);
    assertThat(
            DataApiErrors.cause(
                new RetriableException("x", SdkClientException.create("connection refused"))))
        .isEqualTo(DataApiErrors.Cause.CONNECTIVITY);
    assertThat(
            DataApiErrors.cause(
                new StatementFailedException("i", "FAILED", "ERROR: terminating connection")))
        .isEqualTo(DataApiErrors.Cause.CONNECTIVITY);
  }

  @Test
  void pollAndRetryDelays() {
    PollPolicy p =
        new PollPolicy(
            Duration.ofMillis(10),
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            3,
            Duration.ofMillis(40),
            () -> 1.0);
    assertThat(p.pollDelay(0)).isEqualTo(Duration.ofMillis(10));
    assertThat(p.pollDelay(3)).isEqualTo(Duration.ofMillis(80));
    assertThat(p.pollDelay(60)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.retryDelay(1)).isEqualTo(Duration.ofMillis(40));
    assertThat(p.retryDelay(3)).isEqualTo(Duration.ofMillis(160));
    assertThat(p.retryDelay(30)).isEqualTo(Duration.ofMillis(500));
  }
}
