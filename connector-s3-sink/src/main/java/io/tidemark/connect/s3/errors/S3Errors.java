package io.tidemark.connect.s3.errors;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * The single classifier of S3 failures. Transient ones (5xx, throttling, 408, I/O and timeouts) are
 * retried by {@link Retrier} and end as a {@code RetriableException}; everything else (4xx:
 * credentials, permissions, wrong bucket or region) is a configuration problem and becomes a {@link
 * ConnectException} whose message names the operation, the object and a hint. Messages never
 * contain credentials: they are built from the operation, the key and the service's error code and
 * message only.
 */
public final class S3Errors {

  /** How a failure is handled. */
  public enum Kind {
    TRANSIENT,
    FATAL
  }

  private S3Errors() {}

  public static Kind classify(Throwable t) {
    if (t instanceof SdkServiceException) {
      SdkServiceException s = (SdkServiceException) t;
      int status = s.statusCode();
      if (status >= 500 || status == 429 || status == 408 || s.isThrottlingException()) {
        return Kind.TRANSIENT;
      }
      return Kind.FATAL;
    }
    if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
      return Kind.TRANSIENT;
    }
    if (t instanceof AbortedException) {
      return Kind.FATAL;
    }
    if (t instanceof IOException || t instanceof UncheckedIOException) {
      return Kind.TRANSIENT;
    }
    if (t instanceof SdkClientException) {
      return hasIoCause(t) ? Kind.TRANSIENT : Kind.FATAL;
    }
    return Kind.FATAL;
  }

  private static boolean hasIoCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  /** A description of the failure without secrets: status, error code and the service message. */
  public static String describe(Throwable t) {
    if (t instanceof AwsServiceException && ((AwsServiceException) t).awsErrorDetails() != null) {
      AwsServiceException a = (AwsServiceException) t;
      return "HTTP "
          + a.statusCode()
          + " "
          + a.awsErrorDetails().errorCode()
          + ": "
          + a.awsErrorDetails().errorMessage();
    }
    if (t instanceof SdkServiceException) {
      return "HTTP " + ((SdkServiceException) t).statusCode();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** The fatal exception for a failed operation on {@code s3://bucket/key}. */
  public static ConnectException fatal(String operation, String bucket, String key, Throwable t) {
    return new ConnectException(
        "S3 " + operation + " of s3://" + bucket + "/" + key + " failed: " + describe(t) + hint(t),
        t);
  }

  private static String hint(Throwable t) {
    if (!(t instanceof SdkServiceException)) {
      return "";
    }
    String code =
        t instanceof AwsServiceException && ((AwsServiceException) t).awsErrorDetails() != null
            ? String.valueOf(((AwsServiceException) t).awsErrorDetails().errorCode())
            : "";
    int status = ((SdkServiceException) t).statusCode();
    if (code.equals("NoSuchBucket")) {
      return ". Check s3.bucket.name.";
    }
    if (code.equals("PermanentRedirect")
        || code.equals("AuthorizationHeaderMalformed")
        || status == 301) {
      return ". Check s3.region (and s3.endpoint.url).";
    }
    if (status == 403 || status == 401) {
      return ". Check s3.credentials.provider and the credentials' permissions on the bucket.";
    }
    return "";
  }
}
