package io.tidemark.stack;

/** A stack component could not start or stop; the message names the component and the cause. */
public class StackException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String component;

  public StackException(String component, String message, Throwable cause) {
    super(component + ": " + message, cause);
    this.component = component;
  }

  public String component() {
    return component;
  }
}
