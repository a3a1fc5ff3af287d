package io.tidemark.common.secrets;

/** A secret id that does not exist (or that the caller may not read). */
public final class SecretNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SecretNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
