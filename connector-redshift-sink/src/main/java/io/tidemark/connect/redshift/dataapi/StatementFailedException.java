package io.tidemark.connect.redshift.dataapi;

/** A statement ended FAILED or ABORTED; carries Redshift's status and error text. */
public class StatementFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String statementId;
  private final String status;
  private final String error;

  public StatementFailedException(String statementId, String status, String error) {
    super("statement " + statementId + " ended " + status + (error == null ? "" : ": " + error));
    this.statementId = statementId;
    this.status = status;
    this.error = error;
  }

  public String statementId() {
    return statementId;
  }

  public String status() {
    return status;
  }

  public String error() {
    return error;
  }
}
