package io.tidemark.connect.athena.engine;

import java.util.Optional;

/** A statement failed; {@link #errorClass()} says what to do about it. */
public class QueryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorClass errorClass;
  private final String queryId;

  public QueryException(ErrorClass errorClass, String queryId, String message, Throwable cause) {
    super(message, cause);
    this.errorClass = errorClass;
    this.queryId = queryId;
  }

  public ErrorClass errorClass() {
    return errorClass;
  }

  /** The engine's query id, when the query got one. */
  public Optional<String> queryId() {
    return Optional.ofNullable(queryId);
  }
}
