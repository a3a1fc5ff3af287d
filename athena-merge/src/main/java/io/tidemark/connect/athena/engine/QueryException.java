package io.tidemark.connect.athena.engine;

import java.util.Objects;
import java.util.Optional;

/** A statement failed; {@link #errorClass()} says what to do about it. */
public class QueryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What a failure says about the request token's execution: whether a retry may reuse it. */
  public enum Outcome {
    /**
     * No reply (a lost response, a call that failed before the engine answered): the engine may or
     * may not have an execution for the token, so a retry must resend the same token (Athena then
     * returns that execution instead of starting a second one).
     */
    UNANSWERED,
    /**
     * This engine's execution of the token ended FAILED or CANCELLED: a retry needs a new token.
     */
    ENDED,
    /**
     * The token's execution was submitted before this engine started (an earlier run of the task)
     * and ended FAILED or CANCELLED: not this run's failure; the token is spent, go on with a new
     * one.
     */
    INHERITED
  }

  private final ErrorClass errorClass;
  private final String queryId;
  private final Outcome outcome;

  /** A statement whose execution ran and ended ({@link Outcome#ENDED}). */
  public QueryException(ErrorClass errorClass, String queryId, String message, Throwable cause) {
    this(errorClass, Outcome.ENDED, queryId, message, cause);
  }

  public QueryException(
      ErrorClass errorClass, Outcome outcome, String queryId, String message, Throwable cause) {
    super(message, cause);
    this.errorClass = errorClass;
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.queryId = queryId;
  }

  public ErrorClass errorClass() {
    return errorClass;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** The engine's query id, when the query got one. */
  public Optional<String> queryId() {
    return Optional.ofNullable(queryId);
  }
}
