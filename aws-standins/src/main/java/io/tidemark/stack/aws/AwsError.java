package io.tidemark.stack.aws;

/**
 * An error an AWS JSON 1.1 service returns: HTTP status, {@code __type} (the SDK maps it to its
 * typed exception, e.g. {@code ValidationException}) and message.
 */
public class AwsError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String type;

  public AwsError(int status, String type, String message) {
    super(message);
    this.status = status;
    this.type = type;
  }

  public static AwsError validation(String message) {
    return new AwsError(400, "ValidationException", message);
  }

  public static AwsError notFound(String message) {
    return new AwsError(400, "ResourceNotFoundException", message);
  }

  public static AwsError throttling(String message) {
    return new AwsError(400, "ThrottlingException", message);
  }

  public static AwsError internal(String message) {
    return new AwsError(500, "InternalServerException", message);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }
}
