package io.tidemark.stack.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsJsonServerTest {

  /**
   * A small reply comes back at once on a kept-alive connection. With Nagle's algorithm on, the
   * body (a second packet after the headers) waits for the client's delayed ACK: the median call
   * took 40 ms or more; here a tenth of that at most.
   */
  @Test
  void smallRepliesAreNotDelayedBehindTheHeaders() throws Exception {
    AwsJsonService echo =
        new AwsJsonService() {
          @Override
          public String targetPrefix() {
            return "Echo";
          }

          @Override
          public ObjectNode handle(String operation, JsonNode request) {
            return AwsJsonServer.JSON.createObjectNode().put("operation", operation);
          }
        };
    try (AwsJsonServer server = new AwsJsonServer().register(echo).start(0)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<Long> micros = new ArrayList<>();
      for (int i = 0; i < 41; i++) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .header("Content-Type", AwsJsonServer.CONTENT_TYPE)
                .header("X-Amz-Target", "Echo.Ping")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        micros.add((System.nanoTime() - start) / 1000);
        assertThat(response.body()).contains("Ping");
      }
      Collections.sort(micros);
      assertThat(micros.get(micros.size() / 2))
          .as("median call, in µs: %s", micros)
          .isLessThan(4_000);
    }
  }
}
