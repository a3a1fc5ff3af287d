package io.tidemark.connect.athena.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.athena.AthenaComponent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * engine=athena: the same pipeline as {@link TrinoPipelineIT}, but the connector talks to the
 * stack's Athena API stand-in through the AWS SDK (StartQueryExecution with request tokens,
 * polling, Athena DDL translated by the stand-in, schema evolution read through GetQueryResults).
 * The first MERGE attempts fail with an injected ICEBERG_COMMIT_ERROR and API throttling, which the
 * connector retries.
 */
@ExtendWith(MergeStackExtension.class)
class AthenaPipelineIT {

  @Test
  void icebergEqualsMysqlThroughTheAthenaApi(LocalStack stack) throws Exception {
    AthenaComponent athena = stack.get(AthenaComponent.class);
    athena.faults().failNextQueries(2, "ICEBERG_COMMIT_ERROR", "MERGE INTO");
    long before = athena.faults().injected();
    PipelineScenarios.run(
        new PipelineScenario(stack, "at", Map.of("MERGE_ENGINE", "athena")),
        5612,
        () -> athena.faults().throttleNextRequests(3));
    assertThat(athena.faults().injected() - before)
        .as("injected faults the connector retried")
        .isGreaterThanOrEqualTo(5);
  }
}
