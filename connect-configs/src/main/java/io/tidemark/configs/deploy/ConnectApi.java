package io.tidemark.configs.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The two calls a deployment makes to a Kafka Connect REST API. */
public final class ConnectApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;

  public ConnectApi(String baseUrl) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  /**
   * {@code PUT /connector-plugins/{class}/config/validate}: the worker's verdict on every key. The
   * body carries the connector's name too, as the worker requires it.
   */
  public JsonNode validate(String name, Map<String, String> config) {
    String connectorClass = config.get("connector.class");
    if (connectorClass == null || connectorClass.isBlank()) {
      throw new DeployException("the config has no connector.class");
    }
    Map<String, String> body = new java.util.LinkedHashMap<>(config);
    body.put("name", name);
    HttpResponse<String> response =
        send("/connector-plugins/" + encode(connectorClass) + "/config/validate", body);
    if (response.statusCode() != 200) {
      throw new DeployException(
          "validate "
              + connectorClass
              + " at "
              + baseUrl
              + " answered "
              + response.statusCode()
              + ": "
              + message(response.body()));
    }
    return read(response.body());
  }

  /** {@code PUT /connectors/{name}/config}: creates (true) or updates (false) the connector. */
  public boolean putConfig(String name, Map<String, String> config) {
    HttpResponse<String> response = send("/connectors/" + encode(name) + "/config", config);
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new DeployException(
          "PUT config of "
              + name
              + " at "
              + baseUrl
              + " answered "
              + response.statusCode()
              + ": "
              + message(response.body()));
    }
    return response.statusCode() == 201;
  }

  private HttpResponse<String> send(String path, Object body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DeployException("cannot reach Kafka Connect at " + baseUrl + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeployException("interrupted while calling " + baseUrl);
    }
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new DeployException(
          "Kafka Connect answered something that is not JSON: " + e.getOriginalMessage());
    }
  }

  /** The REST API's {"error_code", "message"} error body, or the raw body. */
  private static String message(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node.hasNonNull("message") ? node.get("message").asText() : body;
    } catch (JsonProcessingException e) {
      return body;
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
