package io.tidemark.stack.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.stack.aws.AwsError;
import io.tidemark.stack.aws.AwsJsonService;
import io.tidemark.stack.component.TrinoRest;
import java.time.Duration;

/**
 * Fault injection over the same endpoint, for tests in another process: {@code X-Amz-Target:
 * TidemarkAthenaFaults.ThrottleRequests {"Count":3}}, {@code .FailNextQueries
 * {"Count":2,"Error":"ICEBERG_COMMIT_ERROR","SqlContains":"MERGE"}}, {@code .CancelNextQueries
 * {"Count":1,"SqlContains":"MERGE"}}, {@code .LoseNextResponses {"Count":1,"SqlContains":"MERGE"}}
 * (StartQueryExecution runs the query, the reply is dropped), {@code .SlowQueries {"Millis":2000}},
 * {@code .Reset {}}.
 */
public final class AthenaFaultsService implements AwsJsonService {

  private final AthenaFaults faults;

  public AthenaFaultsService(AthenaFaults faults) {
    this.faults = faults;
  }

  @Override
  public String targetPrefix() {
    return "TidemarkAthenaFaults";
  }

  @Override
  public ObjectNode handle(String operation, JsonNode request) {
    switch (operation) {
      case "ThrottleRequests" -> faults.throttleNextRequests(request.path("Count").asInt(1));
      case "FailNextQueries" ->
          faults.failNextQueries(
              request.path("Count").asInt(1),
              request.path("Error").asText("ICEBERG_COMMIT_ERROR"),
              request.path("SqlContains").asText(""));
      case "CancelNextQueries" ->
          faults.cancelNextQueries(
              request.path("Count").asInt(1), request.path("SqlContains").asText(""));
      case "LoseNextResponses" ->
          faults.loseNextResponses(
              request.path("Count").asInt(1), request.path("SqlContains").asText(""));
      case "SlowQueries" -> faults.slowQueries(Duration.ofMillis(request.path("Millis").asLong(0)));
      case "Reset" -> faults.reset();
      default ->
          throw new AwsError(
              400,
              "InvalidRequestException",
              "unknown operation TidemarkAthenaFaults." + operation);
    }
    return TrinoRest.JSON.createObjectNode();
  }
}
