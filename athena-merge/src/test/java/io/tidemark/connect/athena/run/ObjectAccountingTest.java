package io.tidemark.connect.athena.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.engine.Backoff;
import io.tidemark.connect.athena.engine.QueryException;
import io.tidemark.connect.athena.engine.RetryingRunner;
import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.LandingFormat;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.BatchPlanner;
import io.tidemark.connect.athena.plan.CommitEvent;
import io.tidemark.connect.athena.plan.MaintenanceSchedule;
import io.tidemark.connect.athena.sql.TrinoDdl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, "every object accounted for": the rows read per object equal its commit event's {@code
 * recordCount} (the rows the S3 sink wrote into it; records it skipped are in no object), or the
 * batch fails naming the table, the object and its offsets, and nothing is merged; an object in a
 * folder the landing table's partition projection does not cover fails before any query.
 */
class ObjectAccountingTest {

  private static final TableMapping USERS = Fixtures.users("hive", "iceberg", DeleteMode.SOFT);
  private static final Clock NOV_21 =
      Clock.fixed(Instant.parse("2026-11-21T23:59:00Z"), ZoneOffset.UTC);

  private final RecordingEngine engine = new RecordingEngine();

  private TableMerger merger(BatchPlanner planner) {
    return new TableMerger(
        new RetryingRunner(
            engine, 3, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)), d -> {}, () -> 0.5),
        planner,
        new MaintenanceSchedule(new TrinoDdl("7d"), 0, 0),
        Downstream.none(),
        new MergeStats(),
        "[t] ");
  }

  private TableMerger merger() {
    return merger(BatchPlanner.athenaDefaults(1000));
  }

  @Test
  void objectsHoldingTheirRecordCountAreMergedAfterOneCountPerBatch() {
    CommitEvent a = Fixtures.event(USERS.topic(), 0, 0, 9);
    CommitEvent b = Fixtures.event(USERS.topic(), 1, 0, 4);
    engine.landed.put(a.uri(), 10L);
    engine.landed.put(b.uri(), 5L);
    merger().merge(USERS, List.of(a, b));
    assertThat(engine.queries)
        .singleElement()
        .asString()
        .startsWith(
            "SELECT \"$path\", count(*)\nFROM \"hive\".\"lake\".\"users_landing\"\nWHERE \"$path\" IN ('"
                + a.uri()
                + "', '"
                + b.uri()
                + "')\nAND \"partition\" IN (0, 1)\nGROUP BY \"$path\"");
    assertThat(engine.sql).singleElement().asString().startsWith("MERGE INTO");
  }

  /** The sink skipped offset 5 (a bad record to the DLQ): 9 rows, and the event says 9. */
  @Test
  void theRecordCountNotTheOffsetSpanIsWhatAnObjectHolds() {
    CommitEvent gap = withRecordCount(Fixtures.event(USERS.topic(), 0, 0, 9), 9);
    engine.landed.put(gap.uri(), 9L);
    merger().merge(USERS, List.of(gap));
    assertThat(engine.sql).singleElement().asString().startsWith("MERGE INTO");
  }

  @Test
  void anObjectShortOfItsRecordCountFailsTheBatchNamingItAndMergesNothing() {
    CommitEvent whole = Fixtures.event(USERS.topic(), 0, 0, 9);
    CommitEvent shortOne = Fixtures.event(USERS.topic(), 1, 100, 109);
    engine.landed.put(whole.uri(), 10L);
    engine.landed.put(shortOne.uri(), 7L);
    assertThatThrownBy(() -> merger().merge(USERS, List.of(whole, shortOne)))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("table users")
        .hasMessageContaining(shortOne.uri())
        .hasMessageContaining("myserver.myschema.users-1 offsets 100..109")
        .hasMessageContaining("read 7 rows, its commit event says 10")
        .hasMessageNotContaining(whole.uri());
    assertThat(engine.sql).isEmpty();
  }

  /** An object the engine does not see at all (no group in the count): zero rows, named. */
  @Test
  void anObjectTheEngineReadsNoRowsOfFailsNamingIt() {
    CommitEvent unseen = Fixtures.event(USERS.topic(), 3, 40, 41);
    assertThatThrownBy(() -> merger().merge(USERS, List.of(unseen)))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("table users: object " + unseen.uri())
        .hasMessageContaining("myserver.myschema.users-3 offsets 40..41")
        .hasMessageContaining("read 0 rows, its commit event says 2");
    assertThat(engine.sql).isEmpty();
  }

  /** partition=1024 of a topic that grew past the projection range 0..15. */
  @Test
  void aKafkaPartitionBeyondTheProjectionRangeFailsBeforeAnyQuery() {
    CommitEvent beyond = Fixtures.event(USERS.topic(), 1024, 7, 8);
    engine.landed.put(beyond.uri(), 2L);
    assertThatThrownBy(() -> merger().merge(USERS, List.of(beyond)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table.users.landing.partitions")
        .hasMessageContaining(beyond.uri())
        .hasMessageContaining("myserver.myschema.users-1024 offsets 7..8")
        .hasMessageContaining("partition=1024 is outside the projection range 0..15");
    assertThat(engine.queries).isEmpty();
    assertThat(engine.sql).isEmpty();
  }

  /** A landing-time folder of tomorrow (UTC) is beyond {@code NOW}; one before the start too. */
  @Test
  void aDateFolderBeyondNowOrBeforeTheRangeStartFailsBeforeAnyQuery() {
    TableMapping byDay =
        new TableMapping(
            "events",
            "shop.events",
            Fixtures.name("hive", "lake", "events_landing"),
            "s3://lake/raw/shop.events/",
            LandingFormat.JSONL,
            Column.parseList("id:bigint,__offset:bigint", "test"),
            LandingPartition.parseList("landing_dt:date(2026-01-01..NOW)", "test"),
            Fixtures.name("iceberg", "lake", "events"),
            Optional.empty(),
            List.of(Fixtures.id("id")),
            Fixtures.id("__offset"),
            Optional.empty(),
            DeleteMode.HARD,
            List.of(Fixtures.id("id")),
            List.of());
    BatchPlanner planner = new BatchPlanner(262_144, 100, 1000, NOV_21);
    for (String day : List.of("2026-11-22", "2025-12-31")) {
      CommitEvent e = dated(day);
      engine.landed.put(e.uri(), 1L);
      assertThatThrownBy(() -> merger(planner).merge(byDay, List.of(e)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("table.events.landing.partitions")
          .hasMessageContaining(e.uri())
          .hasMessageContaining("shop.events-0 offsets 3..3")
          .hasMessageContaining(
              "landing_dt="
                  + day
                  + " is outside the projection range 2026-01-01..NOW (2026-11-21)");
    }
    CommitEvent today = dated("2026-11-21");
    engine.landed.put(today.uri(), 1L);
    merger(planner).merge(byDay, List.of(today));
    assertThat(engine.sql).singleElement().asString().startsWith("MERGE INTO");
  }

  private static CommitEvent dated(String day) {
    return new CommitEvent(
        "lake",
        "raw/shop.events/landing_dt=" + day + "/shop.events+0+00000000000000000003.jsonl",
        "shop.events",
        0,
        3,
        3,
        1,
        50,
        new TreeMap<>(Map.of("landing_dt", day)),
        Optional.empty());
  }

  private static CommitEvent withRecordCount(CommitEvent e, long count) {
    return new CommitEvent(
        e.bucket(),
        e.key(),
        e.topic(),
        e.partition(),
        e.startOffset(),
        e.endOffset(),
        count,
        e.bytes(),
        e.partitionValues(),
        e.schemaFingerprint());
  }
}
