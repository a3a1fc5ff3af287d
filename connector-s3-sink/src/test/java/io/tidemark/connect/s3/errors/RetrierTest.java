package io.tidemark.connect.s3.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class RetrierTest {

  private final List<Long> sleeps = new ArrayList<>();
  private final Retrier retrier = new Retrier(4, 100, 250, sleeps::add);

  private static S3Exception s3(int status, String code) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build())
            .build();
  }

  @Test
  void classifiesServerErrorsThrottlingAndIoAsTransient() {
    assertThat(S3Errors.classify(s3(500, "InternalError"))).isEqualTo(S3Errors.Kind.TRANSIENT);
    assertThat(S3Errors.classify(s3(503, "SlowDown"))).isEqualTo(S3Errors.Kind.TRANSIENT);
    assertThat(S3Errors.classify(s3(429, "TooManyRequests"))).isEqualTo(S3Errors.Kind.TRANSIENT);
    assertThat(S3Errors.classify(new IOException("reset"))).isEqualTo(S3Errors.Kind.TRANSIENT);
    assertThat(
            S3Errors.classify(
                SdkClientException.create(
                    "Unable to execute HTTP request", new java.net.ConnectException("refused"))))
        .isEqualTo(S3Errors.Kind.TRANSIENT);
    assertThat(S3Errors.classify(s3(403, "AccessDenied"))).isEqualTo(S3Errors.Kind.FATAL);
    assertThat(S3Errors.classify(s3(404, "NoSuchBucket"))).isEqualTo(S3Errors.Kind.FATAL);
    assertThat(S3Errors.classify(SdkClientException.create("Unable to load credentials")))
        .isEqualTo(S3Errors.Kind.FATAL);
  }

  @Test
  void retriesTransientFailuresWithBoundedJitteredBackoff() {
    int[] calls = {0};
    String result =
        retrier.call(
            "PUT",
            "b",
            "k",
            () -> {
              if (++calls[0] < 4) {
                throw s3(503, "SlowDown");
              }
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    assertThat(sleeps).hasSize(3);
    assertThat(sleeps.get(0)).isBetween(0L, 100L);
    assertThat(sleeps.get(1)).isBetween(0L, 200L);
    assertThat(sleeps.get(2)).isBetween(0L, 250L);
    assertThat(retrier.backoffCeiling(10)).isEqualTo(250L);
  }

  @Test
  void everyRetryIsReportedOnceBeforeItsBackoff() {
    List<String> seen = new ArrayList<>();
    Retrier counted = new Retrier(3, 10, 20, ms -> seen.add("sleep"), () -> seen.add("retry"));
    assertThatThrownBy(
            () ->
                counted.call(
                    "PUT",
                    "b",
                    "k",
                    () -> {
                      throw s3(503, "SlowDown");
                    }))
        .isInstanceOf(RetriableException.class);
    assertThat(seen).containsExactly("retry", "sleep", "retry", "sleep");
    seen.clear();
    assertThatThrownBy(
            () ->
                counted.call(
                    "PUT",
                    "b",
                    "k",
                    () -> {
                      throw s3(403, "AccessDenied");
                    }))
        .isNotInstanceOf(RetriableException.class);
    assertThat(seen).as("a fatal failure is not retried").isEmpty();
  }

  @Test
  void exhaustedRetriesBecomeRetriableException() {
    assertThatThrownBy(
            () ->
                retrier.call(
                    "PUT",
                    "b",
                    "k",
                    () -> {
                      throw s3(500, "InternalError");
                    }))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("s3://b/k")
        .hasMessageContaining("4 times");
    assertThat(sleeps).hasSize(3);
  }

  /** A rolling restart interrupts a task backing off: that is no reason to store it FAILED. */
  @Test
  void anInterruptedBackoffIsRetriableAndKeepsTheInterrupt() {
    Retrier interrupted =
        new Retrier(
            4,
            100,
            250,
            ms -> {
              throw new InterruptedException("worker stopping");
            });
    try {
      assertThatThrownBy(
              () ->
                  interrupted.call(
                      "PUT",
                      "b",
                      "k",
                      () -> {
                        throw s3(503, "SlowDown");
                      }))
          .isInstanceOf(RetriableException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void configurationErrorsFailAtOnceWithAHintAndNoSecrets() {
    assertThatThrownBy(
            () ->
                retrier.call(
                    "PUT",
                    "b",
                    "k",
                    () -> {
                      throw s3(403, "InvalidAccessKeyId");
                    }))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("HTTP 403 InvalidAccessKeyId")
        .hasMessageContaining("s3.credentials.provider");
    assertThat(sleeps).isEmpty();
    assertThatThrownBy(
            () ->
                retrier.call(
                    "GET",
                    "b",
                    "k",
                    () -> {
                      throw s3(404, "NoSuchBucket");
                    }))
        .hasMessageContaining("Check s3.bucket.name");
  }
}
