package io.tidemark.stack.redshift;

/** Data API statement states, in the order a statement passes them. */
public enum StatementStatus {
  SUBMITTED,
  PICKED,
  STARTED,
  FINISHED,
  ABORTED,
  FAILED;

  public boolean isDone() {
    return this == FINISHED || this == ABORTED || this == FAILED;
  }
}
