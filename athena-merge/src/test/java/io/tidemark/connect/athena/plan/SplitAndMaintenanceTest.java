package io.tidemark.connect.athena.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.sql.AthenaDdl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SplitAndMaintenanceTest {

  private static final TableMapping USERS = Fixtures.users("c", "c", DeleteMode.HARD);

  @Test
  void splitHalvesDeterministicallyDownToOneObject() {
    List<CommitEvent> events = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      events.add(Fixtures.event(USERS.topic(), p, 0, 9));
    }
    BatchPlanner planner = BatchPlanner.athenaDefaults(100);
    MergeBatch whole = planner.plan(USERS, events).get(0);
    List<MergeBatch> halves = planner.split(whole);
    assertThat(halves).extracting(b -> b.events().size()).containsExactly(2, 3);
    assertThat(halves.get(0).sql())
        .contains("\"partition\" IN (0, 1)\n")
        .doesNotContain(events.get(2).uri());
    assertThat(halves.get(1).sql()).contains("\"partition\" IN (2, 3, 4)\n");
    assertThat(planner.split(whole))
        .extracting(MergeBatch::sql)
        .containsExactlyElementsOf(halves.stream().map(MergeBatch::sql).toList());
    MergeBatch one = planner.split(halves.get(0)).get(0);
    assertThatThrownBy(() -> planner.split(one)).hasMessageContaining("cannot be split further");
  }

  @Test
  void oneObjectIsSlicedByItsTargetPartitionTuplesWhenThereAreMoreThanTheLimit() {
    TableMapping tx = Fixtures.transactions("c", "c");
    BatchPlanner planner = BatchPlanner.athenaDefaults(100);
    MergeBatch one = planner.plan(tx, List.of(Fixtures.event(tx.topic(), 0, 0, 9))).get(0);
    List<MergeBatch> slices = planner.slices(one, 201);
    assertThat(slices)
        .hasSize(3)
        .allSatisfy(
            s -> {
              assertThat(s.events()).isEqualTo(one.events());
              assertThat(s.scope()).isEqualTo(one.scope());
            });
    for (int i = 0; i < 3; i++) {
      assertThat(slices.get(i).slice()).hasValueSatisfying(s -> assertThat(s.count()).isEqualTo(3));
      assertThat(slices.get(i).sql())
          .contains("(\"__tidemark_partition_rank\" - 1) / 100 = " + i + "\n");
    }
    assertThat(slices)
        .extracting(b -> b.requestToken(0))
        .doesNotHaveDuplicates()
        .doesNotContain(one.requestToken(0));
    assertThat(planner.slices(one, 100)).as("within the limit: slicing cannot help").isEmpty();
    MergeBatch unpartitioned =
        planner.plan(USERS, List.of(Fixtures.event(USERS.topic(), 0, 0, 9))).get(0);
    assertThat(planner.slices(unpartitioned, 500)).isEmpty();
  }

  @Test
  void maintenanceIsDueEveryNMergesPerTable() {
    MaintenanceSchedule s = new MaintenanceSchedule(new AthenaDdl(), 2, 3);
    TableMapping tx = Fixtures.transactions("c", "c");
    assertThat(s.afterMerge(USERS)).isEmpty();
    assertThat(s.afterMerge(tx)).isEmpty();
    assertThat(s.afterMerge(USERS))
        .containsExactly("OPTIMIZE \"lake\".\"users\" REWRITE DATA USING BIN_PACK");
    // Hard deletes: the tombstones past their retention (14 days by default) go with the vacuum.
    assertThat(s.afterMerge(USERS))
        .containsExactly(
            "DELETE FROM \"c\".\"lake\".\"users__tidemark_tombstones\"\n"
                + "WHERE \"__tidemark_recorded_ms\" < CAST(to_unixtime(current_timestamp) * 1000 AS bigint) - 1209600000",
            "VACUUM \"lake\".\"users\"");
    assertThat(s.afterMerge(USERS))
        .containsExactly("OPTIMIZE \"lake\".\"users\" REWRITE DATA USING BIN_PACK");
    assertThat(new MaintenanceSchedule(new AthenaDdl(), 0, 0).afterMerge(USERS)).isEmpty();
  }
}
