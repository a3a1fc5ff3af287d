package io.tidemark.stack.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.stack.aws.AwsJsonServer;
import io.tidemark.stack.aws.LostResponse;
import io.tidemark.stack.component.TrinoRest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in's lost replies and injected cancellations, on a fake Trino that records SQL. */
class AthenaFaultsTest {

  private static final String SQL = "INSERT INTO t VALUES (1)";
  private static final String TOKEN = "tm-0123456789abcdef0123456789abcdef-0";

  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final AthenaService.Trino trino =
      new AthenaService.Trino() {
        @Override
        public TrinoRest.Result run(
            String sql, String catalog, String schema, Consumer<String> started) {
          if (sql.contains("information_schema")) {
            return new TrinoRest.Result(
                "i", List.of("c"), List.of("bigint"), List.of(List.of("0")), 0, 0, null);
          }
          ran.add(sql);
          return new TrinoRest.Result("t", List.of(), List.of(), List.of(), 10, 1, 1L);
        }

        @Override
        public void cancel(String queryId) {}
      };
  private final AthenaFaults faults = new AthenaFaults();
  private final AthenaService service =
      new AthenaService(
          trino,
          new AthenaSqlTranslator(AthenaComponent.CATALOG, "hive", "iceberg"),
          faults,
          Set.of(AthenaComponent.WORKGROUP),
          Clock.systemUTC());

  @AfterEach
  void close() {
    service.close();
  }

  private ObjectNode start(String sql, String token) {
    ObjectNode request = TrinoRest.JSON.createObjectNode();
    request.put("QueryString", sql).put("ClientRequestToken", token);
    request.putObject("QueryExecutionContext").put("Database", "lake");
    return request;
  }

  private String state(String id) throws InterruptedException {
    ObjectNode request = TrinoRest.JSON.createObjectNode().put("QueryExecutionId", id);
    for (int i = 0; i < 500; i++) {
      JsonNode status = service.handle("GetQueryExecution", request).path("QueryExecution");
      String state = status.path("Status").path("State").asText();
      if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
        return state;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("query " + id + " did not finish");
  }

  @Test
  void aLostReplyStillRunsTheQueryAndTheSameTokenReturnsIt() throws Exception {
    faults.loseNextResponses(1, "insert");
    assertThatThrownBy(() -> service.handle("StartQueryExecution", start(SQL, TOKEN)))
        .isInstanceOf(LostResponse.class);
    String id =
        service.handle("StartQueryExecution", start(SQL, TOKEN)).path("QueryExecutionId").asText();
    assertThat(state(id)).isEqualTo("SUCCEEDED");
    assertThat(ran).containsExactly(SQL);
    assertThat(faults.injected()).isEqualTo(1);
  }

  @Test
  void aLostReplyOverHttpIsAClosedConnectionWithoutResponse() throws Exception {
    faults.loseNextResponses(1, "");
    try (AwsJsonServer server = new AwsJsonServer().register(service).start(0)) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.endpoint()))
              .header("Content-Type", AwsJsonServer.CONTENT_TYPE)
              .header("X-Amz-Target", "AmazonAthena.StartQueryExecution")
              .POST(HttpRequest.BodyPublishers.ofString(start(SQL, TOKEN).toString()))
              .build();
      HttpClient http = HttpClient.newHttpClient();
      assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      HttpResponse<String> again = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).isEqualTo(200);
      String id = TrinoRest.JSON.readTree(again.body()).path("QueryExecutionId").asText();
      assertThat(state(id)).isEqualTo("SUCCEEDED");
      assertThat(ran).containsExactly(SQL);
    }
  }

  @Test
  void anInjectedCancellationEndsTheQueryCancelledBeforeItRunsAndItsTokenKeepsIt()
      throws Exception {
    faults.cancelNextQueries(1, "insert");
    String id =
        service.handle("StartQueryExecution", start(SQL, TOKEN)).path("QueryExecutionId").asText();
    assertThat(state(id)).isEqualTo("CANCELLED");
    assertThat(ran).isEmpty();
    assertThat(
            service
                .handle("StartQueryExecution", start(SQL, TOKEN))
                .path("QueryExecutionId")
                .asText())
        .isEqualTo(id);
    String next =
        service
            .handle("StartQueryExecution", start(SQL, TOKEN.replace("-0", "-1")))
            .path("QueryExecutionId")
            .asText();
    assertThat(state(next)).isEqualTo("SUCCEEDED");
    assertThat(ran).containsExactly(SQL);
  }

  @Test
  void faultsOverTheFaultsEndpoint() {
    AthenaFaultsService endpoint = new AthenaFaultsService(faults);
    endpoint.handle(
        "CancelNextQueries",
        TrinoRest.JSON.createObjectNode().put("Count", 2).put("SqlContains", "MERGE"));
    endpoint.handle("LoseNextResponses", TrinoRest.JSON.createObjectNode().put("Count", 1));
    assertThat(faults.cancelThisQuery("select 1")).isFalse();
    assertThat(faults.cancelThisQuery("merge into x")).isTrue();
    assertThat(faults.loseThisResponse("select 1")).isTrue();
    assertThat(faults.loseThisResponse("select 1")).isFalse();
    endpoint.handle("Reset", TrinoRest.JSON.createObjectNode());
    assertThat(faults.cancelThisQuery("merge into x")).isFalse();
  }
}
