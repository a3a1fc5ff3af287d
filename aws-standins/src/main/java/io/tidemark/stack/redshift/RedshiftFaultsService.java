package io.tidemark.stack.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.stack.aws.AwsError;
import io.tidemark.stack.aws.AwsJsonService;
import java.time.Duration;

/**
 * Fault injection over the same endpoint, for tests in another process: {@code X-Amz-Target:
 * TidemarkRedshiftFaults.ThrottleRequests {"Count":3}}, {@code .FailNextStatement {"Error":"..."}},
 * {@code .SlowStatements {"Millis":2000}}, {@code .Reset {}}.
 */
public final class RedshiftFaultsService implements AwsJsonService {
  private final RedshiftFaults faults;

  public RedshiftFaultsService(RedshiftFaults faults) {
    this.faults = faults;
  }

  @Override
  public String targetPrefix() {
    return "TidemarkRedshiftFaults";
  }

  @Override
  public ObjectNode handle(String operation, JsonNode request) {
    switch (operation) {
      case "ThrottleRequests" -> faults.throttleNextRequests(request.path("Count").asInt(1));
      case "FailNextStatement" ->
          faults.failNextStatement(request.path("Error").asText("ERROR: injected failure"));
      case "SlowStatements" ->
          faults.slowStatements(Duration.ofMillis(request.path("Millis").asLong(0)));
      case "Reset" -> faults.reset();
      default ->
          throw new AwsError(
              400, "UnknownOperationException", "TidemarkRedshiftFaults." + operation);
    }
    return DataApiJson.JSON.createObjectNode();
  }
}
