package io.tidemark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.athena.LakeTables;
import io.tidemark.stack.bench.BenchResult;
import io.tidemark.stack.cli.DemoPipeline;
import io.tidemark.stack.cli.Tidemark;
import io.tidemark.stack.component.TrinoServer;
import io.tidemark.stack.kit.ChangeEvent;
import io.tidemark.stack.kit.TopicReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Freshness benchmark (not part of {@code verify}; run {@code e2e/bench.sh} or {@code ./bench}):
 * the demo's pipeline with the demo's settings ({@link DemoPipeline}, on the demo's stack) takes a
 * steady stream of MySQL changes, alternately an insert of a new transaction and an update of the
 * one inserted just before, one every {@code bench.freshness.interval.ms} (default 750 ms), {@code
 * bench.freshness.changes} of them (default 240, three minutes). For each change it measures the
 * seconds from the MySQL commit returning to the change being visible: in Kafka (the Debezium event
 * read), in S3 (a commit event of the {@code s3-landing} sink names an object whose offset range
 * holds the change's event), in Redshift (the row, or the updated cost, read from the stand-in's
 * table) and in Iceberg (the same read through Trino). Readers poll continuously (Kafka), every 250
 * ms (PostgreSQL) or every 500 ms (Trino); a change's time is when the first read that shows it
 * returned, so it is an upper bound within one poll. Prints p50/p95/max per sink, writes {@code
 * target/bench/freshness.md} and the {@link BenchResult}; fails when a change never becomes
 * visible.
 */
class FreshnessBench {
  private static final int CHANGES = Integer.getInteger("bench.freshness.changes", 240);
  private static final int INTERVAL_MS = Integer.getInteger("bench.freshness.interval.ms", 750);
  private static final Duration CATCH_UP = Duration.ofMinutes(5);
  private static final long FIRST_ID = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path WORK_DIR =
      Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
          .resolveSibling("freshness-stack");
  private static final List<String> SINKS = List.of("Kafka", "S3", "Redshift", "Iceberg");

  /**
   * Change k: an insert of transaction FIRST_ID + k / 2 (even k) or the update of its cost (odd k).
   */
  private record Change(int index, long id, BigDecimal cost, boolean insert) {
    static Change number(int k) {
      long pair = k / 2;
      return new Change(
          k, FIRST_ID + pair, new BigDecimal(pair + (k % 2 == 0 ? ".25" : ".75")), k % 2 == 0);
    }

    String sql() {
      return insert
          ? "INSERT INTO "
              + DemoPipeline.MYSQL_DATABASE
              + ".transactions VALUES ("
              + id
              + ", "
              + (1 + id % 2)
              + ", "
              + cost
              + ", CURRENT_DATE)"
          : "UPDATE "
              + DemoPipeline.MYSQL_DATABASE
              + ".transactions SET total_cost = "
              + cost
              + " WHERE transaction_id = "
              + id;
    }

    /**
     * Whether a copy of the table (id -> cost) shows this change or a later one of the same row.
     */
    boolean visibleIn(Map<Long, BigDecimal> costs) {
      BigDecimal seen = costs.get(id);
      return seen != null && (insert || seen.compareTo(cost) == 0);
    }
  }

  /** A commit event of the landing sink: the offsets of one object, and when it was read. */
  private record Landed(String topic, long startOffset, long endOffset, long readAtMillis) {}

  private final long[] committedAt = new long[CHANGES];
  private final Map<String, Map<Integer, Long>> visibleAt = new ConcurrentHashMap<>();
  private final Map<Integer, Long> kafkaOffsets = new ConcurrentHashMap<>();
  private final List<Landed> landed = new CopyOnWriteArrayList<>();
  private final Map<String, List<Double>> pollSeconds = new ConcurrentHashMap<>();
  private volatile int committed;
  private volatile boolean stopping;

  @Test
  void secondsFromMysqlCommitToVisibleInEachSink() throws Exception {
    SINKS.forEach(s -> visibleAt.put(s, new ConcurrentHashMap<>()));
    String transactionsTopic = DemoPipeline.topic("transactions");
    try (LocalStack stack = Tidemark.demoStack(WORK_DIR).build().start();
        DemoPipeline pipeline = DemoPipeline.deploy(stack, System.out, Duration.ofMinutes(3))) {
      TrinoServer trino = stack.get(TrinoServer.class);
      Supplier<Map<Long, BigDecimal>> redshift =
          () ->
              costs(
                  stack,
                  "SELECT transaction_id, total_cost FROM "
                      + DemoPipeline.REDSHIFT_TRANSACTIONS_TABLE);
      Supplier<Map<Long, BigDecimal>> iceberg =
          () ->
              costs(
                  LakeTables.query(
                      trino,
                      "SELECT transaction_id, total_cost FROM "
                          + DemoPipeline.ICEBERG_TRANSACTIONS_TABLE));
      awaitSeedRows("Redshift", redshift);
      awaitSeedRows("Iceberg", iceberg);

      ExecutorService pollers = Executors.newFixedThreadPool(3);
      try (TopicReader events =
              new TopicReader(stack.kafka().bootstrapServers(), transactionsTopic);
          TopicReader commits =
              new TopicReader(stack.kafka().bootstrapServers(), DemoPipeline.COMMITS_TOPIC)) {
        List<Future<?>> running =
            List.of(
                pollers.submit(() -> readKafka(events, commits)),
                pollers.submit(() -> pollTable("Redshift", redshift, 250)),
                pollers.submit(() -> pollTable("Iceberg", iceberg, 500)));
        long began = System.nanoTime();
        makeChanges(stack);
        System.out.printf(
            "FreshnessBench: %d changes committed in %.0f s; waiting until every sink shows them%n",
            CHANGES, (System.nanoTime() - began) / 1e9);
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (System.nanoTime() < deadline
            && SINKS.stream().anyMatch(s -> seen(s, transactionsTopic) < CHANGES)) {
          Thread.sleep(500);
        }
        stopping = true;
        for (Future<?> f : running) {
          f.get(1, TimeUnit.MINUTES);
        }
      } finally {
        stopping = true;
        pollers.shutdownNow();
      }
      resolveS3(transactionsTopic);
      report(pipeline.connectors());
    }
    for (String sink : SINKS) {
      assertThat(visibleAt.get(sink))
          .as("changes visible in %s within %d s of the last one", sink, CATCH_UP.toSeconds())
          .hasSize(CHANGES);
    }
  }

  /**
   * Waits until the sink holds the seed's transactions, so the stream does not wait for table
   * creation.
   */
  private static void awaitSeedRows(String sink, Supplier<Map<Long, BigDecimal>> read)
      throws InterruptedException {
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    while (true) {
      try {
        if (read.get().size() >= 7) {
          return;
        }
      } catch (RuntimeException e) {
        // no table yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            sink + " did not show the seed's transactions within " + CATCH_UP.toSeconds() + " s");
      }
      Thread.sleep(500);
    }
  }

  /**
   * One change every INTERVAL_MS, on a fixed schedule (a slow commit does not shift the later
   * ones).
   */
  private void makeChanges(LocalStack stack) throws SQLException, InterruptedException {
    try (Connection mysql = stack.mysql().connection();
        Statement statement = mysql.createStatement()) {
      long start = System.currentTimeMillis();
      for (int k = 0; k < CHANGES; k++) {
        long wait = start + (long) k * INTERVAL_MS - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        statement.execute(Change.number(k).sql());
        committedAt[k] = System.currentTimeMillis();
        committed = k + 1;
      }
    }
  }

  /** Reads the Debezium events (Kafka visibility, offsets) and the landing sink's commit events. */
  private Void readKafka(TopicReader events, TopicReader commits) throws IOException {
    while (!stopping) {
      for (ConsumerRecord<String, String> record : events.poll(Duration.ofMillis(50))) {
        long now = System.currentTimeMillis();
        ChangeEvent event = ChangeEvent.parse(record);
        if (event.isTombstone() || !(event.op().equals("c") || event.op().equals("u"))) {
          continue;
        }
        long id = ((Number) event.key().get("transaction_id")).longValue();
        if (id < FIRST_ID) {
          continue;
        }
        int k = (int) (id - FIRST_ID) * 2 + (event.op().equals("c") ? 0 : 1);
        kafkaOffsets.put(k, record.offset());
        visibleAt.get("Kafka").putIfAbsent(k, now);
      }
      for (ConsumerRecord<String, String> record : commits.poll(Duration.ofMillis(50))) {
        JsonNode event = JSON.readTree(record.value());
        landed.add(
            new Landed(
                event.path("topic").asText(),
                event.path("startOffset").asLong(),
                event.path("endOffset").asLong(),
                System.currentTimeMillis()));
      }
    }
    return null;
  }

  /**
   * Reads a sink's copy every {@code everyMillis}; a change is visible when the first read showing
   * it returned.
   */
  private Void pollTable(String sink, Supplier<Map<Long, BigDecimal>> read, long everyMillis)
      throws InterruptedException {
    List<Double> durations = new ArrayList<>();
    pollSeconds.put(sink, durations);
    while (!stopping) {
      long start = System.currentTimeMillis();
      int upTo = committed;
      Map<Long, BigDecimal> costs;
      try {
        costs = read.get();
      } catch (RuntimeException e) {
        System.out.println("FreshnessBench: " + sink + " read failed, retrying: " + e.getMessage());
        Thread.sleep(everyMillis);
        continue;
      }
      long now = System.currentTimeMillis();
      durations.add((now - start) / 1e3);
      Map<Integer, Long> seen = visibleAt.get(sink);
      for (int k = 0; k < upTo; k++) {
        if (!seen.containsKey(k) && Change.number(k).visibleIn(costs)) {
          seen.put(k, now);
        }
      }
      Thread.sleep(Math.max(0, everyMillis - (now - start)));
    }
    return null;
  }

  private int seen(String sink, String topic) {
    if (sink.equals("S3")) {
      resolveS3(topic);
    }
    return visibleAt.get(sink).size();
  }

  /** S3 visibility: the first commit event whose object holds the change's Debezium event. */
  private void resolveS3(String topic) {
    Map<Integer, Long> s3 = visibleAt.get("S3");
    kafkaOffsets.forEach(
        (k, offset) ->
            landed.stream()
                .filter(
                    l ->
                        l.topic().equals(topic)
                            && l.startOffset() <= offset
                            && offset <= l.endOffset())
                .mapToLong(Landed::readAtMillis)
                .min()
                .ifPresent(t -> s3.putIfAbsent(k, t)));
  }

  private void report(List<ConnectorConfig> connectors) throws IOException {
    Map<String, Latencies> latencies = new LinkedHashMap<>();
    for (String sink : SINKS) {
      List<Double> seconds = new ArrayList<>();
      visibleAt.get(sink).forEach((k, t) -> seconds.add((t - committedAt[k]) / 1e3));
      latencies.put(sink, Latencies.of(seconds));
    }
    Map<String, String> settings = settings(connectors);
    BenchResult result =
        new BenchResult(
            "freshness",
            "End-to-end freshness under the demo's settings: seconds from the"
                + " MySQL commit to the change being visible in each sink, the Debezium event in Kafka beside them.");
    settings.forEach(result::setting);
    Map<String, String> what = new LinkedHashMap<>();
    what.put("Kafka", "Kafka (Debezium change event read)");
    what.put("S3", "S3 (commit event names an object holding it)");
    what.put("Redshift", "Redshift (row visible in the stand-in's table)");
    what.put("Iceberg", "Iceberg (row visible through Trino)");
    StringBuilder md =
        new StringBuilder("# End-to-end freshness\n\n")
            .append(
                String.format(
                    Locale.ROOT,
                    "%d changes (alternately an insert and an update of myschema.transactions), one every"
                        + " %d ms; seconds from the MySQL commit to visible. Upper bounds within one read of the sink.%n%n",
                    CHANGES,
                    INTERVAL_MS))
            .append(
                "| sink | visible | p50 s | p95 s | max s | read takes (median s) |\n|---|---:|---:|---:|---:|---:|\n");
    for (String sink : SINKS) {
      Latencies l = latencies.get(sink);
      String read =
          pollSeconds.containsKey(sink) && !pollSeconds.get(sink).isEmpty()
              ? String.format(
                  Locale.ROOT, "%.2f", Latencies.of(pollSeconds.get(sink)).percentile(50))
              : "-";
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d of %d | %s | %s | %s | %s |%n",
              what.get(sink),
              l.count(),
              CHANGES,
              l.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", l.percentile(50)),
              l.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", l.percentile(95)),
              l.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", l.max()),
              read));
      String value =
          l.summary()
              + (l.count() < CHANGES ? " (" + l.count() + " of " + CHANGES + " visible)" : "");
      result.line(
          sink.equals("Kafka")
              ? BenchResult.Line.measured(what.get(sink), "s from commit", value)
              : BenchResult.Line.compared(
                  what.get(sink),
                  "s from commit",
                  value,
                  what.get("Kafka"),
                  latencies.get("Kafka").summary(),
                  "",
                  "",
                  l.count() < CHANGES ? Boolean.FALSE : null));
    }
    md.append("\nSettings that drive it:\n\n");
    settings.forEach((k, v) -> md.append("- ").append(k).append(": `").append(v).append("`\n"));
    result.note(
        "No target is set for freshness; a change that never becomes visible fails the benchmark.");
    result.note(
        "What sets the pace: S3 lands an object per rotate.schedule.interval.ms; the Redshift sink commits each batch"
            + " Connect hands to put (one consumer poll) as one Data API transaction; the MERGE companion runs every"
            + " batch.interval.ms over the objects landed since, then refreshes user_transactions.");
    result.note(
        "Readers: Kafka continuously, PostgreSQL every 250 ms, Trino every 500 ms; a change counts as visible when the"
            + " first read that shows it returned.");
    Path dir = Path.of("target/bench");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("freshness.md"), md);
    result.writeTo(dir);
    System.out.println(md);
  }

  /**
   * The settings that drive freshness, as the deployed connectors have them (shipped defaults named
   * as such).
   */
  private static Map<String, String> settings(List<ConnectorConfig> connectors) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("changes", Integer.toString(CHANGES));
    settings.put("interval", INTERVAL_MS + " ms");
    Map<String, List<String>> keys = new LinkedHashMap<>();
    keys.put(
        "s3-landing", List.of("format.type", "rotate.schedule.interval.ms", "rotate.record.count"));
    keys.put(
        "redshift-sink",
        List.of(
            "redshift.load.path",
            "redshift.copy.min.rows",
            "redshift.batch.max.statements",
            "redshift.statement.poll.initial.ms",
            "redshift.statement.poll.max.ms",
            "consumer.override.max.poll.records"));
    keys.put(
        "athena-merge",
        List.of(
            "engine",
            "batch.interval.ms",
            "batch.max.files",
            "athena.poll.initial.ms",
            "athena.poll.max.ms"));
    for (ConnectorConfig connector : connectors) {
      for (String key : keys.getOrDefault(connector.name(), List.of())) {
        settings.put(
            connector.name() + " " + key,
            connector.config().getOrDefault(key, "default (not set)"));
      }
    }
    return settings;
  }

  private static Map<Long, BigDecimal> costs(LocalStack stack, String sql) {
    try (Connection pg = stack.postgres().connection("dev");
        Statement s = pg.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      Map<Long, BigDecimal> costs = new HashMap<>();
      while (rows.next()) {
        costs.put(rows.getLong(1), rows.getBigDecimal(2));
      }
      return costs;
    } catch (SQLException e) {
      throw new IllegalStateException("Redshift read failed: " + e.getMessage(), e);
    }
  }

  /** Trino's rows (header first) as id -> cost. */
  private static Map<Long, BigDecimal> costs(List<List<String>> rows) {
    Map<Long, BigDecimal> costs = new HashMap<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      costs.put(
          Long.parseLong(row.get(0)),
          row.get(1).equals("NULL") ? null : new BigDecimal(row.get(1)));
    }
    return costs;
  }
}
