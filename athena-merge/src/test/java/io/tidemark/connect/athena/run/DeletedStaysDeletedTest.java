package io.tidemark.connect.athena.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.engine.Backoff;
import io.tidemark.connect.athena.engine.RetryingRunner;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.BatchPlanner;
import io.tidemark.connect.athena.plan.CommitEvent;
import io.tidemark.connect.athena.plan.MaintenanceSchedule;
import io.tidemark.connect.athena.sql.TrinoDdl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, "deletes are never resurrected": an insert object and its delete object whose commit
 * events sit on different event partitions, merged in one batch; the delete's event partition is
 * committed, the insert's is not (an earlier event of another table on it is still pending), and
 * the worker dies. After the restart only the insert's event replays. The statements are driven
 * through the real {@link MergeLoop}, {@link TableMerger} and {@link BatchPlanner}; that the SQL
 * then leaves the row deleted on a real engine is {@code TrinoMergeIT}'s part.
 */
class DeletedStaysDeletedTest {

  private static final TableMapping TX = Fixtures.transactions("hive", "iceberg");
  private static final String TOMBSTONES = "\"iceberg\".\"lake\".\"users__tidemark_tombstones\"";

  private final RecordingEngine engine = new RecordingEngine();
  private final MutableClock clock = new MutableClock();
  private final List<MergeLoop<Integer>> loops = new ArrayList<>();

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-21T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** A task start: a new loop over the same engine (the tables outlive the worker). */
  private MergeLoop<Integer> start(TableMapping users) {
    RetryingRunner runner =
        new RetryingRunner(
            engine, 3, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)), d -> {}, () -> 0.5);
    TableMerger merger =
        new TableMerger(
            runner,
            BatchPlanner.athenaDefaults(1000),
            new MaintenanceSchedule(new TrinoDdl("7d"), 0, 0),
            Downstream.none(),
            new MergeStats(),
            "[t] ");
    // Two objects make a table due; the interval (60 s) for fewer.
    MergeLoop<Integer> loop =
        new MergeLoop<>(List.of(users, TX), merger, clock, Duration.ofSeconds(60), 2, "[t] ");
    loops.add(loop);
    return loop;
  }

  @AfterEach
  void close() {
    loops.forEach(MergeLoop::close);
  }

  private CommitEvent landed(String topic, int partition, long start, long end) {
    CommitEvent e = Fixtures.event(topic, partition, start, end);
    engine.landed.put(e.uri(), end - start + 1);
    return e;
  }

  /** Runs the crash at the fixed point; returns the statements of the restart's merges. */
  private List<String> crashAtTheFixedPointAndReplay(TableMapping users) throws Exception {
    // Kafka partition 0 of users: the insert of a key at offset 10, its delete at offset 20.
    CommitEvent tx = landed(TX.topic(), 0, 0, 0);
    CommitEvent insert = landed(users.topic(), 0, 10, 10);
    CommitEvent delete = landed(users.topic(), 0, 20, 20);

    MergeLoop<Integer> first = start(users);
    first.add(0, 4, tx); // event partition 0: a transactions event, not due yet
    first.add(0, 5, insert); // event partition 0
    first.add(1, 7, delete); // event partition 1
    first.tick();
    first.awaitIdle(Duration.ofSeconds(10));
    // The fixed point: the delete's event partition can commit past it, the insert's cannot.
    assertThat(first.committable()).isEqualTo(Map.of(0, 4L, 1, 8L));
    first.close(); // the worker dies before the transactions event is merged

    int before = engine.sql.size();
    MergeLoop<Integer> second = start(users);
    second.add(0, 4, tx); // replayed from the committed offset 4 of event partition 0
    second.add(0, 5, insert);
    clock.now = clock.now.plusSeconds(60);
    second.tick();
    second.awaitIdle(Duration.ofSeconds(10));
    assertThat(second.committable()).isEqualTo(Map.of(0, 6L));
    return List.copyOf(engine.sql.subList(before, engine.sql.size()));
  }

  @Test
  void hardDeletesRecordATombstoneBeforeTheMergeAndTheReplayedInsertIsHeldBackByIt()
      throws Exception {
    TableMapping users = Fixtures.users("hive", "iceberg", DeleteMode.HARD);
    List<String> replay = crashAtTheFixedPointAndReplay(users);

    // The first run's batch (insert and delete): the tombstone first, then the target.
    assertThat(engine.sql.get(0))
        .startsWith("MERGE INTO " + TOMBSTONES + " AS g\n")
        .contains("WHERE \"__tidemark_rn\" = 1 AND \"__tidemark_deleted\"\n")
        .contains(
            "WHEN NOT MATCHED THEN INSERT (\"id\", \"__offset\", \"__tidemark_recorded_ms\")");
    assertThat(engine.sql.get(1)).startsWith("MERGE INTO \"iceberg\".\"lake\".\"users\" AS t\n");
    // The replay: the users MERGE of the insert's object keeps only changes newer than the key's
    // tombstone (deletes pass, the target's own guard orders them); then the transactions.
    List<String> mine = replay.stream().filter(s -> s.contains("\"users_landing\"")).toList();
    assertThat(mine).hasSize(2); // the tombstone MERGE (finds no delete) and the target MERGE
    assertThat(mine.get(1))
        .startsWith("MERGE INTO \"iceberg\".\"lake\".\"users\" AS t\n")
        .contains(
            "WHERE \"__tidemark_rn\" = 1\nAND (\"__tidemark_deleted\" OR NOT EXISTS (SELECT 1 FROM "
                + TOMBSTONES
                + " AS g WHERE g.\"id\" = d.\"id\" AND g.\"__offset\" > d.\"__offset\"))\n");
  }

  @Test
  void softDeletesNeedNoTombstoneTableTheStoredRowIsOne() throws Exception {
    TableMapping users = Fixtures.users("hive", "iceberg", DeleteMode.SOFT);
    List<String> replay = crashAtTheFixedPointAndReplay(users);
    assertThat(engine.sql).noneMatch(s -> s.contains(TOMBSTONES));
    assertThat(replay.stream().filter(s -> s.contains("\"users_landing\"")))
        .singleElement()
        .asString()
        .contains("WHEN MATCHED AND (t.\"__offset\" IS NULL OR s.\"__offset\" > t.\"__offset\")");
  }

  /** Tombstones older than the retention go with the vacuum, by the engine's clock. */
  @Test
  void tombstonesArePurgedAfterTheirRetentionWithTheVacuum() {
    TableMapping users = Fixtures.users("hive", "iceberg", DeleteMode.HARD);
    MaintenanceSchedule schedule =
        new MaintenanceSchedule(new TrinoDdl("7d"), 0, 2, Duration.ofDays(14));
    assertThat(schedule.afterMerge(users)).isEmpty();
    assertThat(schedule.afterMerge(users))
        .contains(
            "DELETE FROM "
                + TOMBSTONES
                + "\nWHERE \"__tidemark_recorded_ms\" < CAST(to_unixtime(current_timestamp) * 1000 AS bigint) - 1209600000");
    TableMapping softUsers = Fixtures.users("hive", "iceberg", DeleteMode.SOFT);
    schedule.afterMerge(softUsers);
    assertThat(schedule.afterMerge(softUsers)).noneMatch(s -> s.contains("tombstones"));
  }
}
