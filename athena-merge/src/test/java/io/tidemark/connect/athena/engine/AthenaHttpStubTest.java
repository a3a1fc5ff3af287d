package io.tidemark.connect.athena.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * The real SDK client (Apache 5, JSON protocol, request signing) against a stub Athena endpoint:
 * what goes over the wire and how the answers and error bodies are mapped.
 */
class AthenaHttpStubTest {

  private HttpServer server;
  private final Deque<String[]> replies = new ArrayDeque<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private AthenaClient client;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String[] reply;
          if (body.contains("tidemark_start_marker")) {
            reply = new String[] {"200", "{\"QueryExecutionId\":\"marker\"}"};
          } else if (body.contains("\"marker\"")) {
            reply =
                new String[] {
                  "200",
                  "{\"QueryExecution\":{\"QueryExecutionId\":\"marker\",\"Status\":{\"State\":\"QUEUED\",\"SubmissionDateTime\":1.7E9}}}"
                };
          } else {
            requests.add(target + " " + body);
            reply = replies.poll();
          }
          byte[] out = reply[1].getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.sendResponseHeaders(Integer.parseInt(reply[0]), out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    server.start();
    client =
        AthenaClients.create(
            Optional.of("us-east-1"),
            Optional.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
            Optional.of(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret"))));
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  private AthenaQueryEngine engine() {
    return new AthenaQueryEngine(
        client,
        new AthenaSettings(
            "wg",
            Optional.empty(),
            "AwsDataCatalog",
            "lake",
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)),
            Duration.ofMinutes(1)),
        d -> {},
        Clock.systemUTC());
  }

  @Test
  void startPollAndStatisticsOverTheWire() {
    replies.add(new String[] {"200", "{\"QueryExecutionId\":\"qid-1\"}"});
    replies.add(
        new String[] {
          "200",
          "{\"QueryExecution\":{\"QueryExecutionId\":\"qid-1\",\"Status\":{\"State\":\"RUNNING\"}}}"
        });
    replies.add(
        new String[] {
          "200",
          "{\"QueryExecution\":{\"QueryExecutionId\":\"qid-1\",\"Status\":{\"State\":\"SUCCEEDED\"},"
              + "\"Statistics\":{\"DataScannedInBytes\":4096}}}"
        });
    QueryResult r =
        engine().execute("MERGE INTO \"t\" ...", "tm-0123456789abcdef0123456789abcdef-0");
    assertThat(r.queryId()).isEqualTo("qid-1");
    assertThat(r.bytesScanned()).isEqualTo(4096);
    assertThat(requests.get(0))
        .startsWith("AmazonAthena.StartQueryExecution ")
        .contains("\"ClientRequestToken\":\"tm-0123456789abcdef0123456789abcdef-0\"")
        .contains("\"WorkGroup\":\"wg\"")
        .contains("\"Database\":\"lake\"")
        .contains("\"Catalog\":\"AwsDataCatalog\"")
        .contains("\"QueryString\":\"MERGE INTO \\\"t\\\" ...\"");
    assertThat(requests.get(1)).startsWith("AmazonAthena.GetQueryExecution ").contains("qid-1");
  }

  @Test
  void failedExecutionAndErrorBodiesAreClassified() {
    replies.add(new String[] {"200", "{\"QueryExecutionId\":\"qid-2\"}"});
    replies.add(
        new String[] {
          "200",
          "{\"QueryExecution\":{\"QueryExecutionId\":\"qid-2\",\"Status\":{\"State\":\"FAILED\","
              + "\"StateChangeReason\":\"ICEBERG_COMMIT_ERROR: Failed to commit\",\"AthenaError\":{\"ErrorCategory\":2,\"ErrorType\":1100,\"Retryable\":false}}}}"
        });
    assertThatThrownBy(() -> engine().execute("MERGE", "tm-0123456789abcdef0123456789abcdef-0"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.RETRYABLE));

    replies.add(
        new String[] {
          "400",
          "{\"__type\":\"InvalidRequestException\",\"message\":\"line 1:1: mismatched input\",\"AthenaErrorCode\":\"1\"}"
        });
    assertThatThrownBy(() -> engine().execute("MERGE", "tm-0123456789abcdef0123456789abcdef-1"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL))
        .hasMessageContaining("mismatched input");

    replies.add(
        new String[] {
          "400", "{\"__type\":\"TooManyRequestsException\",\"message\":\"Rate exceeded\"}"
        });
    assertThatThrownBy(() -> engine().execute("MERGE", "tm-0123456789abcdef0123456789abcdef-2"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.RETRYABLE));

    replies.add(
        new String[] {"500", "{\"__type\":\"InternalServerException\",\"message\":\"oops\"}"});
    assertThatThrownBy(() -> engine().execute("MERGE", "tm-0123456789abcdef0123456789abcdef-3"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.RETRYABLE));
  }
}
