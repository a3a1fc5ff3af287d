package io.tidemark.stack.connect;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A small client for the Kafka Connect REST API, as users drive it. */
public final class ConnectRestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  public ConnectRestClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /**
   * Whether the worker takes connectors: plugins loaded, and (the REST server answers before the
   * herder has joined its group) {@code GET /health} healthy where the worker has it (Kafka 3.9+)
   * and {@code GET /connectors} answered, which needs the herder.
   */
  public boolean isReady() {
    try {
      int health = send("GET", "/health", null).statusCode();
      return (health == 200 || health == 404)
          && send("GET", "/connector-plugins", null).statusCode() == 200
          && send("GET", "/connectors", null).statusCode() == 200;
    } catch (ConnectRestException e) {
      return false;
    }
  }

  /** Creates or updates a connector: {@code PUT /connectors/{name}/config}, idempotent. */
  public JsonNode putConfig(String name, Map<String, String> config) {
    return expectOk(
        send("PUT", "/connectors/" + encode(name) + "/config", config), "PUT config of " + name);
  }

  /** {@code PUT /connector-plugins/{class}/config/validate}. */
  public JsonNode validate(String connectorClass, Map<String, String> config) {
    String simpleName = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
    return expectOk(
        send("PUT", "/connector-plugins/" + encode(simpleName) + "/config/validate", config),
        "validate " + connectorClass);
  }

  public JsonNode status(String name) {
    return expectOk(
        send("GET", "/connectors/" + encode(name) + "/status", null), "status of " + name);
  }

  /**
   * Stops the connector and its tasks (state STOPPED, offsets may then be altered): {@code PUT
   * /connectors/{name}/stop}.
   */
  public void stop(String name, Duration timeout) {
    expectOk(send("PUT", "/connectors/" + encode(name) + "/stop", null), "stop " + name);
    pollStatus(
        name,
        timeout,
        "connector " + name + " not STOPPED after " + timeout.toSeconds() + " s",
        status ->
            "STOPPED".equals(status.path("connector").path("state").asText()) ? status : null);
  }

  /**
   * {@code PUT /connectors/{name}/resume}: a STOPPED or PAUSED connector starts its tasks again.
   */
  public void resume(String name) {
    expectOk(send("PUT", "/connectors/" + encode(name) + "/resume", null), "resume " + name);
  }

  /**
   * The connector's committed source offsets: {@code GET /connectors/{name}/offsets}, {@code
   * {"offsets": [...]}}.
   */
  public JsonNode offsets(String name) {
    return expectOk(
        send("GET", "/connectors/" + encode(name) + "/offsets", null), "offsets of " + name);
  }

  /**
   * Overwrites offsets of a STOPPED connector with {@code offsets} as {@link #offsets} returned
   * them.
   */
  public void alterOffsets(String name, JsonNode offsets) {
    expectOk(
        send("PATCH", "/connectors/" + encode(name) + "/offsets", offsets),
        "alter offsets of " + name);
  }

  /**
   * Every connector with its status and config: {@code GET /connectors?expand=status&expand=info}.
   */
  public JsonNode connectors() {
    return expectOk(send("GET", "/connectors?expand=status&expand=info", null), "list connectors");
  }

  public void delete(String name) {
    HttpResponse<String> response = send("DELETE", "/connectors/" + encode(name), null);
    if (response.statusCode() != 204 && response.statusCode() != 404) {
      throw new ConnectRestException(
          "DELETE " + name + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The connector, transform and predicate classes the worker offers. */
  public List<String> pluginClasses(boolean connectorsOnly) {
    JsonNode plugins =
        expectOk(
            send("GET", "/connector-plugins?connectorsOnly=" + connectorsOnly, null),
            "list plugins");
    List<String> classes = new ArrayList<>();
    plugins.forEach(p -> classes.add(p.path("class").asText()));
    return classes;
  }

  /**
   * Waits until the connector and {@code minTasks} tasks run. Fails at once, with the worker's
   * trace, when the connector or a task fails.
   */
  public JsonNode awaitRunning(String name, int minTasks, Duration timeout) {
    return pollStatus(
        name,
        timeout,
        "connector " + name + " not running after " + timeout.toSeconds() + " s",
        status -> {
          String state = status.path("connector").path("state").asText();
          if ("FAILED".equals(state)) {
            throw new ConnectRestException(
                "connector "
                    + name
                    + " failed: "
                    + status.path("connector").path("trace").asText());
          }
          int running = 0;
          for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
              throw new ConnectRestException(
                  "task "
                      + task.path("id").asText()
                      + " of "
                      + name
                      + " failed: "
                      + task.path("trace").asText());
            }
            if ("RUNNING".equals(task.path("state").asText())) {
              running++;
            }
          }
          return "RUNNING".equals(state) && running >= minTasks ? status : null;
        });
  }

  /**
   * Waits until a task of the connector has FAILED (what bad input must do without {@code
   * errors.tolerance}); returns that task's trace.
   */
  public String awaitTaskFailed(String name, Duration timeout) {
    return pollStatus(
        name,
        timeout,
        "no task of " + name + " failed within " + timeout.toSeconds() + " s",
        status -> {
          for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
              return task.path("trace").asText();
            }
          }
          return null;
        });
  }

  /**
   * Polls the connector's status every 250 ms until {@code done} returns non-null (or throws);
   * after {@code timeout}, fails with {@code timeoutMessage} and the last status seen.
   */
  private <T> T pollStatus(
      String name, Duration timeout, String timeoutMessage, Function<JsonNode, T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      JsonNode status = statusIfKnown(name);
      if (status != null) {
        last = status;
        T result = done.apply(status);
        if (result != null) {
          return result;
        }
      }
      sleep(250);
    }
    throw new ConnectRestException(timeoutMessage + "; last status: " + last);
  }

  /**
   * The connector's status, or null while the worker does not know it yet (404 right after a PUT).
   */
  private JsonNode statusIfKnown(String name) {
    HttpResponse<String> response = send("GET", "/connectors/" + encode(name) + "/status", null);
    return response.statusCode() == 200 ? parse(response.body()) : null;
  }

  private HttpResponse<String> send(String method, String path, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(Duration.ofSeconds(60))
              .header("Accept", "application/json");
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json");
        request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ConnectRestException(
          method + " " + baseUrl + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectRestException("interrupted: " + method + " " + path, e);
    }
  }

  private static JsonNode expectOk(HttpResponse<String> response, String what) {
    if (response.statusCode() / 100 != 2) {
      throw new ConnectRestException(
          what + " answered HTTP " + response.statusCode() + ": " + response.body());
    }
    return parse(response.body());
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ConnectRestException("not JSON: " + body, e);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectRestException("interrupted", e);
    }
  }

  /** A REST call failed or answered an error. */
  public static final class ConnectRestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectRestException(String message) {
      super(message);
    }

    ConnectRestException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
