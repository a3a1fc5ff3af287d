package io.tidemark.connect.athena.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LandedObjectsTest {

  private static final TableMapping USERS = Fixtures.users("hive", "iceberg", DeleteMode.HARD);

  @Test
  void anObjectOfTheSinkBecomesTheEventTheSinkWouldHaveSent() {
    String key =
        "raw/myserver.myschema.users/partition=3/myserver.myschema.users+3+00000000000000000120.jsonl.gz";
    CommitEvent e = LandedObjects.event(USERS, "lake", key, 512).orElseThrow();
    assertThat(e.uri()).isEqualTo("s3://lake/" + key);
    assertThat(e.partitionValues()).isEqualTo(Map.of("partition", "3"));
    assertThat(e.partition()).isEqualTo(3);
    assertThat(e.startOffset()).isEqualTo(120);
    assertThat(e.bytes()).isEqualTo(512);
    assertThat(e.topic()).isEqualTo(USERS.topic());
  }

  @Test
  void markersOtherTablesAndEmptyObjectsAreSkipped() {
    assertThat(LandedObjects.event(USERS, "lake", "raw/_tidemark/markers/s3/x.json", 10)).isEmpty();
    assertThat(
            LandedObjects.event(USERS, "lake", "raw/myserver.myschema.users/_tidemark/x.json", 10))
        .isEmpty();
    assertThat(LandedObjects.event(USERS, "lake", "raw/other/partition=0/o+0+1.jsonl", 10))
        .isEmpty();
    assertThat(
            LandedObjects.event(
                USERS, "lake", "raw/myserver.myschema.users/partition=0/u+0+1.jsonl", 0))
        .isEmpty();
    assertThat(
            LandedObjects.event(
                USERS, "other-bucket", "raw/myserver.myschema.users/partition=0/u+0+1.jsonl", 5))
        .isEmpty();
  }

  @Test
  void aMissingPartitionFolderIsNamed() {
    assertThatThrownBy(
            () -> LandedObjects.event(USERS, "lake", "raw/myserver.myschema.users/u+0+1.jsonl", 5))
        .hasMessageContaining("table.users")
        .hasMessageContaining("partition= folder");
  }
}
