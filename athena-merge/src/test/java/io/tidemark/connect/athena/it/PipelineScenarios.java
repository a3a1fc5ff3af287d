package io.tidemark.connect.athena.it;

import static org.assertj.core.api.Assertions.assertThat;

/** The stages both engines' pipeline ITs run. */
final class PipelineScenarios {

  private static final String USERS = "id, registration_date";
  private static final String USERS_WITH_TIER = "id, registration_date, tier";

  private PipelineScenarios() {}

  /**
   * @param beforeChanges runs after the initial load (e.g. to inject faults)
   */
  static void run(PipelineScenario s, int serverId, Runnable beforeChanges) throws Exception {
    s.startSourceAndLanding(serverId);
    s.deployMerge();
    s.awaitEqual("initial load", USERS);

    beforeChanges.run();
    s.playChanges();
    s.awaitEqual("inserts, updates, deletes, a day move", USERS);

    int replayed = s.replayCommitEvents();
    assertThat(replayed).isPositive();
    s.mysql("INSERT INTO {db}.transactions VALUES (11, 2, 0.50, '" + PipelineScenario.D + "')");
    s.awaitEqual("replay of " + replayed + " commit events", USERS);

    // Schema evolution: a column added in MySQL, then to the connector's column list.
    s.mysql("ALTER TABLE {db}.users ADD COLUMN tier VARCHAR(10)");
    s.mysql(
        "UPDATE {db}.users SET tier = 'gold' WHERE id = 1",
        "INSERT INTO {db}.users VALUES (4, '" + PipelineScenario.D + "', 'new')");
    s.extraMergeValues.put(
        "USERS_COLUMNS",
        "id:bigint,registration_date:date,tier:string,__deleted:boolean,__offset:bigint");
    s.deployMerge();
    s.awaitEqual("a column added in MySQL", USERS_WITH_TIER);
  }
}
