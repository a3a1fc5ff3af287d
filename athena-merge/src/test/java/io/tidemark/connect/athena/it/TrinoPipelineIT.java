package io.tidemark.connect.athena.it;

import io.tidemark.stack.LocalStack;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * engine=trino: MySQL -> Debezium -> S3 sink -> commit events -> AthenaMergeConnector (JDBC) ->
 * Iceberg on the stack's Trino. Iceberg equals MySQL after the initial load, the demo's changes
 * (inserts, updates, deletes, several changes of a key in one batch, a day move), a replay of every
 * commit event, and a column added in MySQL.
 */
@ExtendWith(MergeStackExtension.class)
class TrinoPipelineIT {

  @Test
  void icebergEqualsMysqlThroughThePipeline(LocalStack stack) throws Exception {
    PipelineScenarios.run(
        new PipelineScenario(stack, "tr", Map.of("MERGE_ENGINE", "trino")), 5611, () -> {});
  }
}
