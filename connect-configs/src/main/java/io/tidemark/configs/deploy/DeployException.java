package io.tidemark.configs.deploy;

/** A deployment that cannot go on; the message is for the person running it. */
public final class DeployException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeployException(String message) {
    super(message);
  }
}
