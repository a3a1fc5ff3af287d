package io.tidemark.connect.redshift.dataapi;

import java.util.List;
import java.util.Locale;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.redshiftdata.model.ActiveSessionsExceededException;
import software.amazon.awssdk.services.redshiftdata.model.ActiveStatementsExceededException;
import software.amazon.awssdk.services.redshiftdata.model.ActiveWaitingRequestsExceededException;
import software.amazon.awssdk.services.redshiftdata.model.DatabaseConnectionException;
import software.amazon.awssdk.services.redshiftdata.model.InternalServerException;
import software.amazon.awssdk.services.redshiftdata.model.QueryTimeoutException;

/**
 * The one error classifier for the Redshift Data API: every SDK exception and every FAILED or
 * ABORTED statement passes through here to become retriable or fatal.
 */
public final class DataApiErrors {

  /** What to do about an error. */
  public enum Kind {
    /** Throttled or over a concurrency limit: retry the call after a jittered wait. */
    THROTTLED,
    /**
     * Transient (network, server, connection, serialization conflict): the batch may be retried.
     */
    TRANSIENT,
    /** Will fail the same way again (bad SQL, permissions, missing resource). */
    FATAL
  }

  /** Fragments of Redshift error text for failures that succeed on a retry. */
  private static final List<String> TRANSIENT_SQL =
      List.of(
          "serializable isolation violation",
          "could not serialize",
          "deadlock detected",
          "connection reset",
          "terminating connection",
          "lock timeout",
          "canceling statement due to");

  private DataApiErrors() {}

  public static Kind classify(Throwable t) {
    if (t instanceof ActiveStatementsExceededException
        || t instanceof ActiveSessionsExceededException
        || t instanceof ActiveWaitingRequestsExceededException) {
      return Kind.THROTTLED;
    }
    if (t instanceof SdkServiceException s) {
      if (s.isThrottlingException() || s.statusCode() == 429) {
        return Kind.THROTTLED;
      }
      if (t instanceof InternalServerException
          || t instanceof DatabaseConnectionException
          || t instanceof QueryTimeoutException
          || s.statusCode() >= 500) {
        return Kind.TRANSIENT;
      }
      return Kind.FATAL;
    }
    if (t instanceof SdkClientException) {
      return Kind.TRANSIENT;
    }
    if (t instanceof StatementFailedException f) {
      if ("ABORTED".equals(f.status())) {
        return Kind.TRANSIENT;
      }
      String error = f.error() == null ? "" : f.error().toLowerCase(Locale.ROOT);
      return TRANSIENT_SQL.stream().anyMatch(error::contains) ? Kind.TRANSIENT : Kind.FATAL;
    }
    return Kind.FATAL;
  }

  /** {@code t} as the Connect exception for its kind, with {@code what} in the message. */
  public static ConnectException toConnect(String what, Throwable t) {
    String message = what + ": " + t.getMessage();
    return classify(t) == Kind.FATAL
        ? new ConnectException(message, t)
        : new RetriableException(message, t);
  }
}
