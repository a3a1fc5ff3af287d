package io.tidemark.stack.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trino's client REST protocol (POST /v1/statement, follow nextUri): the rows and, unlike JDBC
 * without extra plumbing, the final query statistics (physical input bytes, which stand in for
 * Athena's DataScannedInBytes).
 */
public final class TrinoRest {

  public static final ObjectMapper JSON = new ObjectMapper();

  /** A finished Trino query. */
  public record Result(
      String queryId,
      List<String> columnNames,
      List<String> columnTypes,
      List<List<String>> rows,
      long physicalInputBytes,
      long elapsedMillis,
      Long updateCount) {}

  /**
   * A failed Trino query: errorName is e.g. {@code TABLE_NOT_FOUND}, errorType {@code USER_ERROR}.
   */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final String errorName;
    public final String errorType;

    public Failure(String errorName, String errorType, String message) {
      super(message);
      this.errorName = errorName;
      this.errorType = errorType;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final String user;

  public TrinoRest(String baseUrl, String user) {
    this.baseUrl = baseUrl;
    this.user = user;
  }

  /**
   * Runs {@code sql}; {@code started} gets Trino's query id as soon as it is known (for cancel).
   */
  public Result run(String sql, String catalog, String schema, Consumer<String> started)
      throws InterruptedException {
    HttpRequest.Builder post =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/statement"))
            .header("X-Trino-User", user)
            .header("X-Trino-Source", "tidemark-athena-stand-in")
            .POST(HttpRequest.BodyPublishers.ofString(sql));
    if (catalog != null) {
      post.header("X-Trino-Catalog", catalog);
    }
    if (schema != null && !schema.isEmpty()) {
      post.header("X-Trino-Schema", schema);
    }
    JsonNode page = send(post.build());
    String id = page.path("id").asText();
    started.accept(id);
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    Long updateCount = null;
    while (true) {
      if (names.isEmpty() && page.has("columns")) {
        for (JsonNode c : page.path("columns")) {
          names.add(c.path("name").asText());
          types.add(c.path("type").asText());
        }
      }
      for (JsonNode row : page.path("data")) {
        List<String> cells = new ArrayList<>();
        row.forEach(v -> cells.add(v.isNull() ? null : v.isTextual() ? v.asText() : v.toString()));
        rows.add(cells);
      }
      if (page.has("updateCount")) {
        updateCount = page.path("updateCount").asLong();
      }
      if (page.hasNonNull("error")) {
        JsonNode e = page.path("error");
        throw new Failure(
            e.path("errorName").asText("GENERIC_INTERNAL_ERROR"),
            e.path("errorType").asText("INTERNAL_ERROR"),
            e.path("message").asText("query failed"));
      }
      String next = page.path("nextUri").asText(null);
      if (next == null) {
        JsonNode stats = page.path("stats");
        return new Result(
            id,
            names,
            types,
            rows,
            stats.path("physicalInputBytes").asLong(stats.path("processedBytes").asLong(0)),
            stats.path("elapsedTimeMillis").asLong(0),
            updateCount);
      }
      page =
          send(HttpRequest.newBuilder(URI.create(next)).header("X-Trino-User", user).GET().build());
    }
  }

  /** Cancels a running query (DELETE /v1/query/{id}). */
  public void cancel(String queryId) {
    try {
      http.send(
          HttpRequest.newBuilder(URI.create(baseUrl + "/v1/query/" + queryId))
              .header("X-Trino-User", user)
              .DELETE()
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // The query ends on its own; a cancel is best effort.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private JsonNode send(HttpRequest request) throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 503 && attempt < 20) {
          Thread.sleep(50L * (attempt + 1)); // Trino asks clients to retry a busy coordinator
          continue;
        }
        if (response.statusCode() != 200) {
          throw new Failure(
              "GENERIC_INTERNAL_ERROR",
              "INTERNAL_ERROR",
              "Trino answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new Failure(
            "GENERIC_INTERNAL_ERROR", "EXTERNAL", "Trino is unreachable: " + e.getMessage());
      }
    }
  }
}
