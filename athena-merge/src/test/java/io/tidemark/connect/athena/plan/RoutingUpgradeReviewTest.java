package io.tidemark.connect.athena.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Review of 79b0e92. A deployment that ran a RegexRouter ({@code myserver\.myschema\.(.*) -> $1})
 * on the S3 sink before 79b0e92 had its objects under the ORIGINAL topic's folder, so its MERGE
 * table was configured by the original topic (README "Configuration in one example", {@code
 * Fixtures.users}). After the upgrade the sink's events carry {@code folder=users} and CommitEvent
 * maps them by folder only: groupByTable leaves them out and AthenaMergeTask skips AND COMMITS them
 * ("an object of a topic no table merges"), so the Iceberg mirror silently stops while the events
 * that would have fed it are gone from the consumer group's position.
 */
class RoutingUpgradeReviewTest {

  private static final TableMapping USERS =
      Fixtures.users("awsdatacatalog", "awsdatacatalog", DeleteMode.HARD);

  @Test
  void anEventOfTheTopicATableReadsIsNotSilentlyLeftOutAfterTheSinkStartedRouting() {
    CommitEvent e =
        CommitEventJson.parse(
            """
            {"version":1,"connector":"s3-sink","bucket":"lake",
             "key":"raw/users/partition=0/myserver.myschema.users+0+00000000000000000005.jsonl",
             "topic":"myserver.myschema.users","folder":"users","partition":0,"startOffset":5,
             "endOffset":9,"recordCount":5,"bytes":120,"partitionPath":"partition=0",
             "partitionValues":{"partition":"0"},"schemaFingerprint":"1f0c","format":"JSONL",
             "recovered":false}
            """);
    assertThat(USERS.topic()).isEqualTo("myserver.myschema.users");
    assertThat(BatchPlanner.groupByTable(List.of(USERS), List.of(e)))
        .as("the event of myserver.myschema.users, which table users reads")
        .containsKey(USERS);
  }
}
