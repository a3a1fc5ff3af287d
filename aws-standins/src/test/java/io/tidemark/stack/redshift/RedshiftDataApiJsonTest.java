package io.tidemark.stack.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.stack.aws.AwsJsonServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JSON protocol of the stand-in, without PostgreSQL: every connection attempt fails. */
class RedshiftDataApiJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedshiftFaults faults = new RedshiftFaults();
  private final StatementEngine engine =
      new StatementEngine(
          db -> {
            throw new SQLException("FATAL: database \"" + db + "\" does not exist");
          },
          null,
          faults,
          2);
  private final AwsJsonServer server =
      new AwsJsonServer()
          .register(
              new RedshiftDataApiService(
                  engine, faults, Set.of("wg"), Set.of("c1"), Clock.systemUTC()))
          .register(new RedshiftFaultsService(faults));

  @AfterEach
  void stop() {
    engine.close();
  }

  private AwsJsonServer.Response call(String target, Object body) throws Exception {
    byte[] bytes = JSON.writeValueAsBytes(body);
    return server.dispatch("POST", target, new ByteArrayInputStream(bytes));
  }

  private JsonNode ok(String target, Object body) throws Exception {
    AwsJsonServer.Response r = call(target, body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private JsonNode error(String target, Object body, String type) throws Exception {
    AwsJsonServer.Response r = call(target, body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.path("__type").asText()).isEqualTo(type);
    assertThat(error.path("message").asText()).isNotEmpty();
    return error;
  }

  private JsonNode awaitDone(String id) throws Exception {
    for (int i = 0; i < 200; i++) {
      JsonNode d = ok("RedshiftData.DescribeStatement", Map.of("Id", id));
      if (Set.of("FINISHED", "FAILED", "ABORTED").contains(d.path("Status").asText())) {
        return d;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("statement " + id + " never ended");
  }

  @Test
  void batchIsSubmittedAndEndsWithSubStatementIds() throws Exception {
    JsonNode submitted =
        ok(
            "RedshiftData.BatchExecuteStatement",
            Map.of(
                "Sqls",
                List.of("SELECT 1", "SELECT 2"),
                "Database",
                "nodb",
                "WorkgroupName",
                "wg"));
    String id = submitted.path("Id").asText();
    assertThat(submitted.path("Database").asText()).isEqualTo("nodb");
    assertThat(submitted.path("CreatedAt").isNumber()).isTrue();
    JsonNode done = awaitDone(id);
    assertThat(done.path("Status").asText()).isEqualTo("FAILED");
    assertThat(done.path("Error").asText()).contains("does not exist");
    assertThat(done.path("SubStatements")).hasSize(2);
    assertThat(done.path("SubStatements").get(0).path("Id").asText()).isEqualTo(id + ":1");
    assertThat(done.path("SubStatements").get(1).path("QueryString").asText())
        .isEqualTo("SELECT 2");
    assertThat(done.path("SubStatements").get(1).path("Status").asText()).isIn("FAILED", "ABORTED");
  }

  @Test
  void clientTokenMakesSubmissionIdempotent() throws Exception {
    Map<String, Object> request =
        Map.of(
            "Sqls",
            List.of("SELECT 1"),
            "Database",
            "dev",
            "WorkgroupName",
            "wg",
            "ClientToken",
            "tok");
    String first = ok("RedshiftData.BatchExecuteStatement", request).path("Id").asText();
    String second = ok("RedshiftData.BatchExecuteStatement", request).path("Id").asText();
    assertThat(second).isEqualTo(first);
    error(
        "RedshiftData.BatchExecuteStatement",
        Map.of(
            "Sqls",
            List.of("SELECT 2"),
            "Database",
            "dev",
            "WorkgroupName",
            "wg",
            "ClientToken",
            "tok"),
        "ValidationException");
    JsonNode list = ok("RedshiftData.ListStatements", Map.of());
    assertThat(list.path("Statements")).hasSize(1);
    assertThat(list.path("Statements").get(0).path("IsBatchStatement").asBoolean()).isTrue();
  }

  @Test
  void requestLimitsAreValidationErrors() throws Exception {
    error(
        "RedshiftData.BatchExecuteStatement",
        Map.of(
            "Sqls", Collections.nCopies(41, "SELECT 1"), "Database", "dev", "WorkgroupName", "wg"),
        "ValidationException");
    error(
        "RedshiftData.ExecuteStatement",
        Map.of(
            "Sql",
            "SELECT '" + "x".repeat(102_400) + "'",
            "Database",
            "dev",
            "WorkgroupName",
            "wg"),
        "ValidationException");
    error(
        "RedshiftData.BatchExecuteStatement",
        Map.of(
            "Sqls",
            List.of("SELECT :a"),
            "Database",
            "dev",
            "WorkgroupName",
            "wg",
            "Parameters",
            List.of(Map.of("name", "a", "value", "1"))),
        "ValidationException");
    error(
        "RedshiftData.ExecuteStatement",
        Map.of("Sql", "SELECT 1", "WorkgroupName", "wg"),
        "ValidationException");
    error(
        "RedshiftData.ExecuteStatement",
        Map.of(
            "Sql", "SELECT 1", "Database", "dev", "WorkgroupName", "wg", "ClusterIdentifier", "c1"),
        "ValidationException");
    error(
        "RedshiftData.ExecuteStatement",
        Map.of("Sql", "SELECT 1", "Database", "dev", "ClusterIdentifier", "c1"),
        "ValidationException");
    error(
        "RedshiftData.ExecuteStatement",
        Map.of("Sql", "SELECT 1", "Database", "dev", "WorkgroupName", "other"),
        "ResourceNotFoundException");
    error("RedshiftData.DescribeStatement", Map.of("Id", "nope"), "ResourceNotFoundException");
    error("RedshiftData.Frobnicate", Map.of(), "UnknownOperationException");
  }

  @Test
  void malformedRequestsAreRejected() throws Exception {
    AwsJsonServer.Response r =
        server.dispatch(
            "POST",
            "RedshiftData.ExecuteStatement",
            new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("__type").asText()).isEqualTo("SerializationException");
    assertThat(server.dispatch("POST", null, new ByteArrayInputStream(new byte[0])).status())
        .isEqualTo(400);
    assertThat(
            server
                .dispatch(
                    "GET", "RedshiftData.ListStatements", new ByteArrayInputStream(new byte[0]))
                .status())
        .isEqualTo(405);
  }

  @Test
  void throttlingFaultAnswersThrottlingException() throws Exception {
    ok("TidemarkRedshiftFaults.ThrottleRequests", Map.of("Count", 2));
    error("RedshiftData.ListStatements", Map.of(), "ThrottlingException");
    error("RedshiftData.ListStatements", Map.of(), "ThrottlingException");
    ok("RedshiftData.ListStatements", Map.of());
  }

  @Test
  void finishedStatementsCannotBeCancelledAndBatchesNeedSubIdsForResults() throws Exception {
    String id =
        ok(
                "RedshiftData.BatchExecuteStatement",
                Map.of("Sqls", List.of("SELECT 1"), "Database", "dev", "WorkgroupName", "wg"))
            .path("Id")
            .asText();
    awaitDone(id);
    error("RedshiftData.CancelStatement", Map.of("Id", id), "ValidationException");
    error("RedshiftData.GetStatementResult", Map.of("Id", id), "ValidationException");
  }

  @Test
  void resultPagesAndFieldsHaveTheDataApiShape() throws Exception {
    QueryResult result =
        new QueryResult(
            List.of(
                new QueryResult.Column("id", "int8", false, 19, 0),
                new QueryResult.Column("note", "varchar", true, 10, 0)),
            List.of(
                List.of(QueryResult.Value.of(1L), QueryResult.Value.of("a")),
                List.of(QueryResult.Value.of(2L), QueryResult.Value.ofNull()),
                List.of(QueryResult.Value.of(true), QueryResult.Value.of(new byte[] {1, 2}))));
    JsonNode page = JSON.readTree(DataApiJson.resultPage(result, 0, 2, "2").toString());
    assertThat(page.path("TotalNumRows").asInt()).isEqualTo(3);
    assertThat(page.path("NextToken").asText()).isEqualTo("2");
    assertThat(page.path("ColumnMetadata").get(1).path("name").asText()).isEqualTo("note");
    assertThat(page.path("Records")).hasSize(2);
    assertThat(page.path("Records").get(0).get(0).path("longValue").asLong()).isEqualTo(1L);
    assertThat(page.path("Records").get(1).get(1).path("isNull").asBoolean()).isTrue();
    JsonNode last = JSON.readTree(DataApiJson.resultPage(result, 2, 3, null).toString());
    assertThat(last.has("NextToken")).isFalse();
    assertThat(last.path("Records").get(0).get(0).path("booleanValue").asBoolean()).isTrue();
    assertThat(last.path("Records").get(0).get(1).path("blobValue").asText()).isEqualTo("AQI=");
  }
}
