package io.tidemark.stack.kit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.stack.connect.ConnectRestClient;
import java.time.Duration;

/** What crash tests wait for before they kill: a Debezium source's committed offset. */
public final class DebeziumOffsets {
  private DebeziumOffsets() {}

  /**
   * Waits until the connector has committed a streaming offset (one without Debezium's {@code
   * snapshot} flag): until then a restarted connector would snapshot again. Returns the offsets as
   * {@link ConnectRestClient#offsets} reads them, ready for {@link ConnectRestClient#alterOffsets}.
   */
  public static JsonNode awaitStreaming(
      ConnectRestClient rest, String connector, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = rest.offsets(connector);
      if (isStreaming(last.path("offsets"))) {
        return last;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for an offset of " + connector, e);
      }
    }
    throw new AssertionError(
        "no streaming offset committed for "
            + connector
            + " within "
            + timeout.toSeconds()
            + " s; last: "
            + last);
  }

  private static boolean isStreaming(JsonNode offsets) {
    if (offsets.isEmpty()) {
      return false;
    }
    for (JsonNode entry : offsets) {
      if (!entry.has("offset") || entry.path("offset").has("snapshot")) {
        return false;
      }
    }
    return true;
  }
}
