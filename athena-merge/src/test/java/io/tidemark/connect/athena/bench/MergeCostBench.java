package io.tidemark.connect.athena.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.athena.engine.QueryEngine;
import io.tidemark.connect.athena.engine.QueryResult;
import io.tidemark.connect.athena.engine.TrinoQueryEngine;
import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.LandingFormat;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.BatchPlanner;
import io.tidemark.connect.athena.plan.CommitEvent;
import io.tidemark.connect.athena.plan.MergeBatch;
import io.tidemark.connect.athena.sql.Identifier;
import io.tidemark.connect.athena.sql.KeyRange;
import io.tidemark.connect.athena.sql.MergeSql;
import io.tidemark.connect.athena.sql.QualifiedName;
import io.tidemark.connect.athena.sql.TrinoDdl;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.bench.BenchResult;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.component.TrinoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Cost benchmark (not part of {@code verify}; run {@code athena-merge/bench.sh}): batches of CDC
 * changes (inserts of new keys, updates and deletes of recent keys) land as JSONL objects beside a
 * growing history. Each batch is merged twice, into two Iceberg tables, on the stack's Trino: by
 * this companion (only the batch's objects) and by the seed's full-rescan MERGE (every landed row).
 * Bytes scanned per MERGE come from Trino's query statistics (physical input bytes, which include
 * the target's files), in the same run. Prints a table and writes
 * athena-merge/target/bench/merge-cost.md. Both tables must end equal.
 *
 * <p>{@code -Dbench.batches=30 -Dbench.changes=10000} (the defaults).
 */
class MergeCostBench {

  private static final String TOPIC = "bench.shop.transactions";
  private static final int PARTITIONS = 4;

  private static TableMapping mapping(String target) {
    List<Column> cols =
        Column.parseList(
            "transaction_id:bigint,user_id:bigint,total_cost:decimal(10,2),dt:date,__deleted:boolean,__offset:bigint",
            "bench");
    Identifier schema = Identifier.of("lake_bench", "bench");
    return new TableMapping(
        target,
        TOPIC,
        new QualifiedName("hive", schema, Identifier.of("transactions_landing", "bench")),
        "s3://" + S3Server.BUCKET + "/bench/raw/" + TOPIC + "/",
        LandingFormat.JSONL,
        cols,
        LandingPartition.parseList("partition:integer(0..3)", "bench"),
        new QualifiedName("iceberg", schema, Identifier.of(target, "bench")),
        Optional.empty(),
        List.of(Identifier.of("transaction_id", "bench")),
        Identifier.of("__offset", "bench"),
        Optional.of(Identifier.of("__deleted", "bench")),
        DeleteMode.HARD,
        cols.stream().map(Column::name).toList(),
        List.of());
  }

  /**
   * Bytes scanned by the companion with key bounds, without them (the MERGE before pruning), and by
   * the full rescan.
   */
  record Row(
      int batch,
      long newBytes,
      long historyBytes,
      long companion,
      long unbounded,
      long full,
      long ms,
      long fullMs) {

    double companionPerNew() {
      return (double) companion / newBytes;
    }
  }

  /**
   * Targets (issue 6): within 2x the new bytes, flat over the history; the full rescan grows with
   * it.
   */
  static final double MAX_COMPANION_PER_NEW = 2.0;

  static final double MAX_COMPANION_GROWTH = 1.2;
  static final double MIN_FULL_GROWTH_PER_HISTORY_GROWTH = 0.8;

  @Test
  void bytesScannedPerMergeCompanionVersusFullRescan() throws Exception {
    int batches = Integer.getInteger("bench.batches", 30);
    int changes = Integer.getInteger("bench.changes", 10_000);
    Path dir =
        Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
            .resolveSibling("athena-merge-bench");
    try (LocalStack stack =
            LocalStack.builder(dir).add(new S3Server(0)).add(new TrinoServer(0)).build().start();
        QueryEngine engine =
            new TrinoQueryEngine(
                () ->
                    DriverManager.getConnection(
                        stack.get(TrinoServer.class).jdbcUrl(), TrinoServer.USER, null),
                Clock.systemUTC())) {
      TableMapping incremental = mapping("tx_incremental");
      TableMapping unbounded = mapping("tx_unbounded");
      TableMapping full = mapping("tx_full");
      TrinoDdl ddl = new TrinoDdl("7d");
      engine.execute(
          "CREATE SCHEMA IF NOT EXISTS iceberg.lake_bench WITH (location = 's3://"
              + S3Server.BUCKET
              + "/bench/warehouse')",
          "s");
      engine.execute(ddl.createLanding(incremental), "l");
      engine.execute(ddl.createTarget(incremental), "t1");
      if (incremental.hardDeletes()) {
        engine.execute(ddl.createTombstones(incremental), "gt1");
      }
      engine.execute(ddl.createTarget(unbounded), "t2");
      if (unbounded.hardDeletes()) {
        engine.execute(ddl.createTombstones(unbounded), "gt2");
      }
      engine.execute(ddl.createTarget(full), "t3");
      if (full.hardDeletes()) {
        engine.execute(ddl.createTombstones(full), "gt3");
      }
      S3Client s3 = stack.s3().client();
      Random random = new Random(42);
      long[] offsets = new long[PARTITIONS];
      long nextKey = 0;
      long history = 0;
      List<Row> rows = new ArrayList<>();
      List<List<MergeBatch>> lastBatches = List.of();
      BatchPlanner planner = BatchPlanner.athenaDefaults(1000);
      for (int b = 1; b <= batches; b++) {
        List<StringBuilder> bodies = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
          bodies.add(new StringBuilder());
        }
        long[] starts = offsets.clone();
        long[] minKey = new long[PARTITIONS];
        long[] maxKey = new long[PARTITIONS];
        java.util.Arrays.fill(minKey, Long.MAX_VALUE);
        java.util.Arrays.fill(maxKey, Long.MIN_VALUE);
        for (int i = 0; i < changes; i++) {
          double kind = random.nextDouble();
          long key =
              kind < 0.7 || nextKey < 100
                  ? nextKey++
                  : Math.max(0, nextKey - 1 - random.nextInt((int) Math.min(nextKey, 5 * changes)));
          int p = (int) (key % PARTITIONS); // keyed topic: all changes of a key in one partition
          minKey[p] = Math.min(minKey[p], key);
          maxKey[p] = Math.max(maxKey[p], key);
          boolean deleted = kind > 0.95 && key < nextKey - 1;
          LocalDate dt = LocalDate.of(2026, 1, 1).plusDays(key / 2000);
          bodies
              .get(p)
              .append("{\"transaction_id\":")
              .append(key)
              .append(",\"user_id\":")
              .append(key % 997)
              .append(",\"total_cost\":")
              .append(random.nextInt(100_000) / 100.0)
              .append(",\"dt\":\"")
              .append(dt)
              .append("\",\"__deleted\":")
              .append(deleted)
              .append(",\"__offset\":")
              .append(offsets[p]++)
              .append("}\n");
        }
        List<CommitEvent> events = new ArrayList<>();
        List<CommitEvent> withoutRanges = new ArrayList<>();
        long newBytes = 0;
        for (int p = 0; p < PARTITIONS; p++) {
          if (offsets[p] == starts[p]) {
            continue;
          }
          String key =
              "bench/raw/"
                  + TOPIC
                  + "/partition="
                  + p
                  + "/"
                  + TOPIC
                  + "+"
                  + p
                  + "+"
                  + String.format("%020d", starts[p])
                  + ".jsonl";
          byte[] body = bodies.get(p).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          s3.putObject(r -> r.bucket(S3Server.BUCKET).key(key), RequestBody.fromBytes(body));
          newBytes += body.length;
          // The key range the S3 sink reports with commit.events.key.range.fields=transaction_id.
          CommitEvent event =
              new CommitEvent(
                  S3Server.BUCKET,
                  key,
                  TOPIC,
                  p,
                  starts[p],
                  offsets[p] - 1,
                  offsets[p] - starts[p],
                  body.length,
                  new TreeMap<>(Map.of("partition", Integer.toString(p))),
                  Optional.empty(),
                  new TreeMap<>(Map.of("transaction_id", new KeyRange(minKey[p], maxKey[p]))));
          events.add(event);
          withoutRanges.add(
              new CommitEvent(
                  event.bucket(),
                  event.key(),
                  event.topic(),
                  event.partition(),
                  event.startOffset(),
                  event.endOffset(),
                  event.recordCount(),
                  event.bytes(),
                  event.partitionValues(),
                  event.schemaFingerprint()));
        }
        history += newBytes;
        long companion = 0;
        long started = System.nanoTime();
        for (MergeBatch batch : planner.plan(incremental, events)) {
          companion += engine.execute(batch.sql(), batch.requestToken(0)).bytesScanned();
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        long withoutBounds = 0;
        for (MergeBatch batch : planner.plan(unbounded, withoutRanges)) {
          withoutBounds += engine.execute(batch.sql(), batch.requestToken(0)).bytesScanned();
        }
        lastBatches =
            List.of(planner.plan(incremental, events), planner.plan(unbounded, withoutRanges));
        started = System.nanoTime();
        QueryResult rescan = engine.execute(MergeSql.fullRescan(full), "full-" + b);
        long fullMs = (System.nanoTime() - started) / 1_000_000;
        Row row =
            new Row(
                b, newBytes, history, companion, withoutBounds, rescan.bytesScanned(), ms, fullMs);
        rows.add(row);
        System.out.printf(
            "batch %2d: new %,d B, history %,d B; companion scanned %,d B (%.2fx new) in %d ms, "
                + "without key bounds %,d B (%.2fx); full rescan %,d B (%.2fx history) in %d ms%n",
            b,
            newBytes,
            history,
            companion,
            row.companionPerNew(),
            ms,
            withoutBounds,
            (double) withoutBounds / newBytes,
            rescan.bytesScanned(),
            (double) rescan.bytesScanned() / history,
            fullMs);
      }
      String check =
          "SELECT count(*), sum(transaction_id * 7 + user_id), sum(total_cost), max(__offset) FROM iceberg.lake_bench.";
      assertThat(engine.query(check + "tx_incremental", "c1"))
          .as("companion and full rescan give the same table")
          .isEqualTo(engine.query(check + "tx_full", "c2"));
      assertThat(engine.query(check + "tx_unbounded", "c3"))
          .as("with and without key bounds give the same table")
          .isEqualTo(engine.query(check + "tx_full", "c2"));
      report(rows, changes);
      explainLastBatch(stack.get(TrinoServer.class), lastBatches);
      checkTargets(rows);
    }
  }

  /**
   * Where the bytes of the last batch's MERGE go, with and without key bounds, in
   * target/bench/merge-explain.txt: {@code EXPLAIN (TYPE IO)} of the MERGE (the constraint the
   * Iceberg scan of the target gets at planning time) and {@code EXPLAIN ANALYZE} of the join the
   * MERGE runs, as a query (Trino reports EXPLAIN ANALYZE of a MERGE as an update, without rows):
   * the target scan's input and its dynamic filters.
   */
  private static void explainLastBatch(TrinoServer trino, List<List<MergeBatch>> last)
      throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = DriverManager.getConnection(trino.jdbcUrl(), TrinoServer.USER, null);
        Statement st = c.createStatement()) {
      for (List<MergeBatch> batches : last) {
        for (MergeBatch batch : batches) {
          String sql = batch.sql();
          String join =
              "SELECT count(*) FROM "
                  + sql.substring("MERGE INTO ".length(), sql.indexOf("\nWHEN "))
                      .replaceFirst("\nUSING \\(\n", "\nRIGHT JOIN (\n");
          for (String explain :
              List.of("EXPLAIN (TYPE IO, FORMAT JSON) " + sql, "EXPLAIN ANALYZE " + join)) {
            out.append("-- ").append(explain.substring(0, explain.indexOf('\n'))).append('\n');
            try (ResultSet r = st.executeQuery(explain)) {
              while (r.next()) {
                out.append(r.getString(1)).append('\n');
              }
            }
          }
        }
      }
    }
    Path file = Path.of("target/bench/merge-explain.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out);
  }

  private static void checkTargets(List<Row> rows) {
    Row first = rows.get(0);
    Row last = rows.get(rows.size() - 1);
    int third = Math.max(1, rows.size() / 3);
    double middle =
        rows.subList(third, Math.min(rows.size(), 2 * third)).stream()
            .mapToDouble(Row::companionPerNew)
            .average()
            .orElseThrow();
    double end =
        rows.subList(rows.size() - third, rows.size()).stream()
            .mapToDouble(Row::companionPerNew)
            .average()
            .orElseThrow();
    double historyGrowth = (double) last.historyBytes() / first.historyBytes();
    double fullGrowth = (double) last.full() / first.full();
    List<String> missed = new ArrayList<>();
    rows.stream()
        .filter(r -> r.companionPerNew() > MAX_COMPANION_PER_NEW)
        .forEach(
            r ->
                missed.add(
                    String.format(
                        "batch %d: companion scanned %.2fx the new bytes (target <= %.1f)",
                        r.batch(), r.companionPerNew(), MAX_COMPANION_PER_NEW)));
    if (end / middle > MAX_COMPANION_GROWTH) {
      missed.add(
          String.format(
              "companion scanned/new grew x%.2f from the middle to the last third of the run (target <= %.2f)",
              end / middle, MAX_COMPANION_GROWTH));
    }
    if (fullGrowth < MIN_FULL_GROWTH_PER_HISTORY_GROWTH * historyGrowth) {
      missed.add(
          String.format(
              "full rescan grew x%.2f while the history grew x%.2f: not the linear baseline",
              fullGrowth, historyGrowth));
    }
    System.out.printf(
        "targets: companion <= %.1fx new in every batch (max %.2f), growth middle->last third x%.2f (<= %.2f), "
            + "full rescan x%.2f for history x%.2f%n",
        MAX_COMPANION_PER_NEW,
        rows.stream().mapToDouble(Row::companionPerNew).max().orElseThrow(),
        end / middle,
        MAX_COMPANION_GROWTH,
        fullGrowth,
        historyGrowth);
    assertThat(missed).as("cost targets missed").isEmpty();
  }

  private static void report(List<Row> rows, int changes) throws Exception {
    StringBuilder md =
        new StringBuilder("# Bytes scanned per MERGE: companion vs full rescan\n\n")
            .append(rows.size())
            .append(" batches of ")
            .append(changes)
            .append(" changes, JSONL landing, Trino ")
            .append(TrinoServer.VERSION)
            .append(" physical input bytes (landing objects + target files read).\n\n")
            .append(
                "| batch | new bytes | history bytes | companion scanned | companion / new | without key bounds | "
                    + "without / new | full rescan scanned | full / history | companion / full |\n")
            .append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Row r : rows) {
      md.append(
          String.format(
              "| %d | %,d | %,d | %,d | %.2f | %,d | %.2f | %,d | %.2f | %.3f |%n",
              r.batch(),
              r.newBytes(),
              r.historyBytes(),
              r.companion(),
              r.companionPerNew(),
              r.unbounded(),
              (double) r.unbounded() / r.newBytes(),
              r.full(),
              (double) r.full() / r.historyBytes(),
              (double) r.companion() / r.full()));
    }
    Row first = rows.get(0);
    Row last = rows.get(rows.size() - 1);
    md.append(
        String.format(
            "%nGrowth from batch 1 to %d: companion scanned x%.2f, without key bounds x%.2f, full rescan x%.2f "
                + "(history x%.2f).%n",
            last.batch(),
            (double) last.companion() / first.companion(),
            (double) last.unbounded() / first.unbounded(),
            (double) last.full() / first.full(),
            (double) last.historyBytes() / first.historyBytes()));
    Path out = Path.of("target/bench/merge-cost.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md);
    System.out.println(md);
    result(rows, changes).writeTo(out.getParent());
  }

  /**
   * The comparison for ./bench (BENCHMARKS.md): bytes scanned, companion against the full rescan.
   */
  private static BenchResult result(List<Row> rows, int changes) {
    Row last = rows.get(rows.size() - 1);
    long companion = rows.stream().mapToLong(Row::companion).sum();
    long full = rows.stream().mapToLong(Row::full).sum();
    double perNew = (double) last.companion() / last.newBytes();
    return new BenchResult(
            "athena-merge",
            "Bytes scanned per MERGE on Trino (physical input bytes, like Athena's data"
                + " scanned): this companion (only the new objects) against the seed's full-rescan MERGE, same batches, same run.")
        .setting("batches", rows.size())
        .setting("changes per batch", changes)
        .setting("mix", "70% new keys, 25% updates, 5% deletes; 4 partitions; JSONL landing")
        .setting("Trino", TrinoServer.VERSION)
        .line(
            BenchResult.Line.compared(
                "Companion MERGE, all batches",
                "bytes scanned",
                String.format("%,d", companion),
                "Full-rescan MERGE",
                String.format("%,d", full),
                String.format("%.3f", (double) companion / full),
                "",
                null))
        .line(
            BenchResult.Line.compared(
                "Companion MERGE, batch " + last.batch(),
                "bytes scanned",
                String.format("%,d", last.companion()),
                "Full-rescan MERGE",
                String.format("%,d", last.full()),
                String.format("%.3f", (double) last.companion() / last.full()),
                "",
                null))
        .line(
            BenchResult.Line.compared(
                "Companion MERGE, batch " + last.batch(),
                "bytes scanned / the batch's new bytes",
                String.format("%.2f", perNew),
                "new bytes of the batch",
                String.format("%,d", last.newBytes()),
                "",
                "<= 2.00 (README's 2x goal)",
                perNew <= 2.0))
        .line(
            BenchResult.Line.compared(
                "Companion MERGE, all batches",
                "ms",
                Long.toString(rows.stream().mapToLong(Row::ms).sum()),
                "Full-rescan MERGE",
                Long.toString(rows.stream().mapToLong(Row::fullMs).sum()),
                String.format(
                    "%.2f",
                    (double) rows.stream().mapToLong(Row::ms).sum()
                        / Math.max(1, rows.stream().mapToLong(Row::fullMs).sum())),
                "",
                null))
        .note(
            "Both Iceberg tables are checked equal at the end; the companion's scan grows with the target's files,"
                + " the full rescan's with the whole landed history.");
  }
}
