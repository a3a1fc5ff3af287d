package io.tidemark.stack.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP endpoint speaking the AWS JSON 1.1 protocol on loopback: {@code POST /} with {@code
 * Content-Type: application/x-amz-json-1.1} and {@code X-Amz-Target: Service.Operation}, dispatched
 * to the registered {@link AwsJsonService} for {@code Service}. Signatures are not checked: any
 * static credentials work.
 */
public final class AwsJsonServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AwsJsonServer.class);
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, AwsJsonService> services = new ConcurrentHashMap<>();
  private HttpServer server;
  private ExecutorService executor;

  public AwsJsonServer register(AwsJsonService service) {
    services.put(service.targetPrefix(), service);
    return this;
  }

  /**
   * The JDK's HTTP server writes a reply's headers and its body as two packets, and without {@code
   * TCP_NODELAY} the body waits for the client's delayed ACK of the headers: about 40 ms per call
   * on Linux, which made the stand-ins' clients (and the tests polling them) wait most of their
   * time. The server reads this property once, when the JVM's first one starts; a JVM that started
   * another HTTP server before without it keeps the delay (set {@code
   * -Dsun.net.httpserver.nodelay=true} there).
   */
  static final String NODELAY = "sun.net.httpserver.nodelay";

  /** Starts listening on 127.0.0.1:{@code port} (0 picks a free port). */
  public AwsJsonServer start(int port) throws IOException {
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "tidemark-aws-json");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      Response response;
      try {
        response =
            dispatch(
                exchange.getRequestMethod(),
                exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                exchange.getRequestBody());
      } catch (LostResponse lost) {
        // Closing the exchange before sending headers closes the connection: no reply at all.
        LOG.info(
            "dropping the reply to {}: {}",
            exchange.getRequestHeaders().getFirst("X-Amz-Target"),
            lost.getMessage());
        return;
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
      if (response.status() >= 400) {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", response.errorType());
      }
      exchange.sendResponseHeaders(response.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** One response: status, body, and the error type for errors. */
  public record Response(int status, String body, String errorType) {}

  /**
   * The protocol without the HTTP server, for tests.
   *
   * @throws LostResponse when the service dropped its reply
   */
  public Response dispatch(String method, String target, InputStream body) {
    try {
      if (!"POST".equals(method)) {
        throw new AwsError(405, "UnknownOperationException", "only POST is supported");
      }
      if (target == null || target.indexOf('.') < 1) {
        throw new AwsError(
            400, "UnknownOperationException", "missing or malformed X-Amz-Target header");
      }
      int dot = target.indexOf('.');
      AwsJsonService service = services.get(target.substring(0, dot));
      if (service == null) {
        throw new AwsError(
            400, "UnknownOperationException", "no service for X-Amz-Target " + target);
      }
      byte[] bytes = body.readAllBytes();
      JsonNode request = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
      if (request == null || !request.isObject()) {
        throw new AwsError(400, "SerializationException", "the request body is not a JSON object");
      }
      ObjectNode result = service.handle(target.substring(dot + 1), request);
      return new Response(200, JSON.writeValueAsString(result), null);
    } catch (AwsError e) {
      return error(e);
    } catch (LostResponse e) {
      throw e;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return error(
          new AwsError(400, "SerializationException", "malformed JSON: " + e.getOriginalMessage()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("AWS JSON request {} failed", target, e);
      return error(AwsError.internal(e.toString()));
    }
  }

  private static Response error(AwsError e) {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", e.type());
    body.put("message", e.getMessage());
    return new Response(e.status(), body.toString(), e.type());
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }
}
