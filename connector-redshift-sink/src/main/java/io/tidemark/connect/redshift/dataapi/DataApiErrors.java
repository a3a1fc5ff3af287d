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

  /**
   * Why a retriable failure happened. The same batch may fail the same way every time when it was
   * aborted (WLM, a query monitoring rule, a timeout) or lost a serialization conflict, so those
   * retries are bounded; connectivity retries are not.
   */
  public enum Cause {
    /** Network, Data API or database connection trouble, throttling: retried without bound. */
    CONNECTIVITY,
    /** The statement ended ABORTED or was cancelled by WLM, a rule or a timeout. */
    ABORTED,
    /** A serialization conflict (Redshift error 1023), a deadlock or a lock timeout. */
    CONFLICT
  }

  /** Error text of a serialization conflict with a concurrent transaction. */
  private static final List<String> CONFLICT_SQL =
      List.of(
          "serializable isolation violation",
          "could not serialize",
          "deadlock detected",
          "lock timeout");

  /** Error text of a statement aborted by WLM, a query monitoring rule or a timeout. */
  private static final List<String> ABORT_SQL =
      List.of(
          "canceling statement due to",
          "wlm",
          "query monitoring rule",
          "cancelled on user's request",
          "query was cancelled");

  /** Fragments of Redshift error text for failures that succeed on a retry. */
  private static final List<String> TRANSIENT_SQL =
      java.util.stream.Stream.of(
              CONFLICT_SQL, ABORT_SQL, List.of("connection reset", "terminating connection"))
          .flatMap(List::stream)
          .toList();

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

  /**
   * Why a retriable {@code t} (or one of its causes) happened; {@link Cause#CONNECTIVITY} unless a
   * statement ended ABORTED or with the text of an abort or a conflict.
   */
  public static Cause cause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof StatementFailedException f) {
        String error = f.error() == null ? "" : f.error().toLowerCase(Locale.ROOT);
        if (CONFLICT_SQL.stream().anyMatch(error::contains)) {
          return Cause.CONFLICT;
        }
        if ("ABORTED".equals(f.status()) || ABORT_SQL.stream().anyMatch(error::contains)) {
          return Cause.ABORTED;
        }
        return Cause.CONNECTIVITY;
      }
    }
    return Cause.CONNECTIVITY;
  }

  /**
   * Whether {@code t} (or one of its causes) is a statement that ended FAILED because a COPY
   * refused what it loaded: Redshift's "Load into table '...' failed. Check 'stl_load_errors'
   * system table for details.", whose refused lines are in the load-error system view.
   */
  public static boolean isLoadError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof StatementFailedException f && "FAILED".equals(f.status())) {
        String error = f.error() == null ? "" : f.error().toLowerCase(Locale.ROOT);
        return error.contains("load into table") && error.contains("failed");
      }
    }
    return false;
  }

  /** {@code t} as the Connect exception for its kind, with {@code what} in the message. */
  public static ConnectException toConnect(String what, Throwable t) {
    String message = what + ": " + t.getMessage();
    return classify(t) == Kind.FATAL
        ? new ConnectException(message, t)
        : new RetriableException(message, t);
  }
}
