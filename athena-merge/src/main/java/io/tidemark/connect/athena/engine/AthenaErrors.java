package io.tidemark.connect.athena.engine;

import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.model.AthenaError;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.InternalServerException;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.TooManyRequestsException;

/** The one classifier for Athena: API exceptions and failed query executions. */
public final class AthenaErrors {

  /** AthenaError.errorCategory: 1 = system, 2 = user, 3 = other. */
  static final int CATEGORY_SYSTEM = 1;

  private AthenaErrors() {}

  /** A FAILED query execution, from its AthenaError and state change reason. */
  public static ErrorClass classify(AthenaError error, String reason) {
    String text =
        ((reason == null ? "" : reason)
                + " "
                + (error == null || error.errorMessage() == null ? "" : error.errorMessage()))
            .toUpperCase(Locale.ROOT);
    if (text.contains("ICEBERG_COMMIT_ERROR")) {
      return ErrorClass.RETRYABLE;
    }
    if (text.contains("TOO_MANY_OPEN_PARTITIONS")) {
      return ErrorClass.TOO_MANY_PARTITIONS;
    }
    if (text.contains("EXHAUSTED RESOURCES")
        || text.contains("QUERY STRING LENGTH")
        || text.contains("EXCEEDED_LOCAL_MEMORY_LIMIT")) {
      return ErrorClass.SPLIT;
    }
    if (error != null && Boolean.TRUE.equals(error.retryable())) {
      return ErrorClass.RETRYABLE;
    }
    if (error != null
        && error.errorCategory() != null
        && error.errorCategory() == CATEGORY_SYSTEM) {
      return ErrorClass.RETRYABLE;
    }
    return ErrorClass.FATAL;
  }

  /** An exception from StartQueryExecution / GetQueryExecution. */
  public static ErrorClass classify(SdkException e) {
    if (e instanceof TooManyRequestsException || e instanceof InternalServerException) {
      return ErrorClass.RETRYABLE;
    }
    if (e instanceof InvalidRequestException) {
      return ErrorClass.FATAL;
    }
    if (e instanceof AthenaException a) {
      int status = a.statusCode();
      return status >= 500 || status == 429 || a.isThrottlingException()
          ? ErrorClass.RETRYABLE
          : ErrorClass.FATAL;
    }
    if (e instanceof SdkClientException) {
      // Network trouble, timeouts: resending the same request token is safe (UNANSWERED).
      return ErrorClass.RETRYABLE;
    }
    return e.retryable() ? ErrorClass.RETRYABLE : ErrorClass.FATAL;
  }

  /** A message for logs and exceptions: codes and text, never credentials. */
  static String describe(AthenaError error, String reason) {
    if (error == null) {
      return String.valueOf(reason);
    }
    return reason + " (category " + error.errorCategory() + ", type " + error.errorType() + ")";
  }
}
