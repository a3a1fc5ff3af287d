package io.tidemark.connect.athena.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGKILLs the Connect worker while this connector's MERGE runs on Trino, three times, with changes
 * arriving in between; after the restarts the Iceberg tables and the aggregate equal MySQL. The
 * killed MERGE may still finish on Trino, concurrently with its replay: the position guard makes
 * both orders give the same rows, and a lost Iceberg commit race is retried.
 */
@ExtendWith(MergeStackExtension.class)
class MergeCrashIT {

  private static final int KILLS = 3;

  @Test
  void icebergEqualsMysqlAfterKillsDuringMerges(LocalStack stack) throws Exception {
    long seed = System.nanoTime();
    System.out.println("MergeCrashIT seed " + seed);
    Random random = new Random(seed);
    PipelineScenario s = new PipelineScenario(stack, "cr", Map.of("MERGE_ENGINE", "trino"));
    // A short consumer session so the group does not wait 45 s for the killed worker's member.
    s.mergeOverrides.put("consumer.override.session.timeout.ms", "6000");
    s.mergeOverrides.put("consumer.override.heartbeat.interval.ms", "1000");
    s.startSourceAndLanding(5613);
    s.deployMerge();
    s.awaitEqual("initial load", "id, registration_date");

    long nextId = 100;
    List<String> killedDuring = new ArrayList<>();
    for (int k = 1; k <= KILLS; k++) {
      List<String> changes = new ArrayList<>();
      for (int i = 0; i < 20; i++, nextId++) {
        changes.add(
            "INSERT INTO {db}.transactions VALUES ("
                + nextId
                + ", "
                + (1 + random.nextInt(2))
                + ", "
                + (1 + random.nextInt(9000)) / 100.0
                + ", '"
                + PipelineScenario.D.minusDays(random.nextInt(5))
                + "')");
      }
      changes.add(
          "UPDATE {db}.transactions SET total_cost = total_cost + 1 WHERE transaction_id = "
              + (nextId - 1 - random.nextInt(10)));
      changes.add(
          "DELETE FROM {db}.transactions WHERE transaction_id = "
              + (nextId - 11 - random.nextInt(5)));
      changes.add(
          "UPDATE {db}.users SET registration_date = '"
              + PipelineScenario.D.minusDays(k)
              + "' WHERE id = 1");
      s.mysql(changes.toArray(String[]::new));
      String running = awaitRunningMerge(s);
      Thread.sleep(random.nextInt(300));
      stack.connect().kill();
      killedDuring.add(running);
      System.out.printf("MergeCrashIT kill %d/%d during %s%n", k, KILLS, running);
      Thread.sleep(random.nextInt(2000));
      stack.connect().restart();
      stack.connect().rest().awaitRunning(s.mergeConnector, 1, PipelineScenario.DEPLOY_TIMEOUT);
    }
    assertThat(killedDuring).hasSize(KILLS);
    s.awaitEqual("after " + KILLS + " kills during MERGE", "id, registration_date");
  }

  /** Waits until Trino runs a mirror MERGE of this scenario's schema; returns its first line. */
  private static String awaitRunningMerge(PipelineScenario s) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    String like = "MERGE INTO \"iceberg\".\"" + s.schema + "\".%";
    while (System.nanoTime() < deadline) {
      try (Connection c = s.trinoConnection()) {
        List<String> rows =
            PipelineScenario.rows(
                c,
                "SELECT substr(query, 1, 60) FROM system.runtime.queries "
                    + "WHERE state IN ('RUNNING', 'PLANNING', 'STARTING', 'QUEUED') AND query LIKE '"
                    + like
                    + "'");
        if (!rows.isEmpty()) {
          return rows.get(0);
        }
      }
      s.assertRunning();
      Thread.sleep(100);
    }
    throw new AssertionError("no MERGE of " + s.schema + " started within 4 minutes");
  }
}
