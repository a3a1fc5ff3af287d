package io.tidemark.stack.aws;

/**
 * Thrown by an {@link AwsJsonService} after it has done what was asked, to drop the reply: {@link
 * AwsJsonServer} then closes the connection without a response, as a reset or a timeout would (the
 * SDK sees an {@code SdkClientException}, and the caller cannot know whether the call took effect).
 */
public final class LostResponse extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LostResponse(String message) {
    super(message);
  }
}
