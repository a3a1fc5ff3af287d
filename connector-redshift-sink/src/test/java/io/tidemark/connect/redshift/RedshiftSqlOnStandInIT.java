package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.redshift.dataapi.ClientTokens;
import io.tidemark.connect.redshift.dataapi.DataApiClients;
import io.tidemark.connect.redshift.dataapi.DataApiStatementRunner;
import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.CopyPathPlanner;
import io.tidemark.connect.redshift.sql.CopyStaging;
import io.tidemark.connect.redshift.sql.DdlBuilder;
import io.tidemark.connect.redshift.sql.InsertPathPlanner;
import io.tidemark.connect.redshift.sql.OffsetsTable;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.connect.redshift.sql.RowValues;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.StageSql;
import io.tidemark.connect.redshift.sql.StatementLimits;
import io.tidemark.connect.redshift.sql.TableChanges;
import io.tidemark.connect.redshift.sql.TableDef;
import io.tidemark.connect.redshift.sql.TableDefs;
import io.tidemark.connect.redshift.sql.Transaction;
import io.tidemark.connect.redshift.sql.WriteMode;
import io.tidemark.connect.redshift.write.RedshiftWriter;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.redshift.RedshiftDataApiComponent;
import io.tidemark.stack.redshift.RedshiftIsolation;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The SQL the sink plans, run through the real runner on the Redshift Data API stand-in. */
class RedshiftSqlOnStandInIT {
  private static final Path DIR =
      Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
          .resolveSibling("redshift-sql-it");
  private static final RedshiftNames NAMES = RedshiftNames.defaults();
  private static final Schema VALUE =
      SchemaBuilder.struct()
          .field("Id", Schema.INT64_SCHEMA)
          .field("select", Schema.OPTIONAL_STRING_SCHEMA)
          .field(
              "amount",
              Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
          .field(
              "created",
              SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
          .field("doc", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
          .field("naïve; name", Schema.OPTIONAL_BOOLEAN_SCHEMA)
          .build();

  private static LocalStack stack;
  private static Postgres postgres;
  private static RedshiftDataApiComponent redshift;
  private static DataApiStatementRunner runner;

  @BeforeAll
  static void start() {
    redshift = new RedshiftDataApiComponent(0);
    postgres = new Postgres(0);
    stack =
        LocalStack.builder(DIR).add(postgres).add(new S3Server(0)).add(redshift).build().start();
    runner = newRunner("[redshift-sql-it task-0]");
  }

  private static DataApiStatementRunner newRunner(String logContext) {
    Map<String, String> props = new HashMap<>();
    props.put(RedshiftSinkConfig.REGION, "us-east-1");
    props.put(RedshiftSinkConfig.ENDPOINT_OVERRIDE, redshift.endpoint());
    props.put(RedshiftSinkConfig.WORKGROUP, RedshiftDataApiComponent.WORKGROUP);
    props.put(RedshiftSinkConfig.SECRET_ARN, RedshiftDataApiComponent.SECRET_ARN);
    props.put(RedshiftSinkConfig.ACCESS_KEY_ID, "local");
    props.put(RedshiftSinkConfig.SECRET_ACCESS_KEY, "local-secret");
    return DataApiClients.runner(new RedshiftSinkConfig(props), logContext);
  }

  @AfterAll
  static void stop() {
    if (runner != null) {
      runner.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static Struct value(long id, String text) {
    return new Struct(VALUE)
        .put("Id", id)
        .put("select", text)
        .put("amount", new BigDecimal("12.34"))
        .put("created", 1_700_000_000_123_456L)
        .put("doc", "{\"k\": \"it's\"}")
        .put("naïve; name", true);
  }

  private static OffsetsTable offsets(String connector) {
    return new OffsetsTable(NAMES, "public", "tidemark_offsets", connector);
  }

  private static List<Long> run(List<String> statements) {
    return runner.executeBatch(statements, ClientTokens.fresh());
  }

  /** Runs {@code tx} fenced, as the writer does, on the offsets committed now. */
  private static void runFenced(OffsetsTable offsets, Transaction tx) {
    run(offsets.guarded(tx, OffsetsTable.parseCommitted(runner.query(offsets.selectCommitted()))));
  }

  @Test
  void upsertsAndDeletesThroughTheInsertPathAcrossSplitTransactions() {
    TableDef table =
        TableDefs.defaults()
            .fromSchema(
                "public", "Orders", VALUE, List.of("Id"), Optional.of("Id"), List.of("created"));
    Map<String, String> columns = TableDefs.defaults().columnNames(VALUE);
    OffsetsTable offsets = offsets("insert-path");
    run(List.of(new DdlBuilder(NAMES).createTable(table), offsets.createTable()));

    String hostile = "it's a \\ test;\n-- DROP TABLE \"orders\"; 日本 🐳";
    List<ChangeRow> rows = new ArrayList<>();
    Map<Long, String> expected = new TreeMap<>();
    for (int i = 0; i < 600; i++) {
      long id = i % 150;
      boolean delete = i % 7 == 0;
      String text = hostile + " #" + i;
      rows.add(
          new ChangeRow(
              RowValues.of(value(id, text), columns),
              delete,
              new SourceOffset("orders", i % 2, i / 2)));
      if (delete) {
        expected.remove(id);
      } else {
        expected.put(id, text);
      }
    }
    List<Transaction> plan =
        new InsertPathPlanner(
                new StageSql(NAMES, WriteMode.UPSERT), offsets, new StatementLimits(12, 20_000))
            .plan(List.of(new TableChanges(table, rows)));
    assertThat(plan.size()).isGreaterThan(1);
    plan.forEach(tx -> runFenced(offsets, tx));

    List<List<String>> stored =
        runner.query(
            "SELECT \"id\", \"select\", \"amount\", \"created\"::text, \"doc\"::text, \"naïve__name\""
                + " FROM \"public\".\"orders\" ORDER BY \"id\"");
    Map<Long, String> actual = new TreeMap<>();
    stored.forEach(r -> actual.put(Long.parseLong(r.get(0)), r.get(1)));
    assertThat(actual).isEqualTo(expected);
    assertThat(stored.get(0).subList(2, 6))
        .containsExactly("12.34", "2023-11-14 22:13:20.123456", "{\"k\": \"it's\"}", "true");
    assertThat(OffsetsTable.parseCommitted(runner.query(offsets.selectCommitted())))
        .containsExactly(
            Map.entry(new SourceOffset.TopicPartitionKey("orders", 0), 300L),
            Map.entry(new SourceOffset.TopicPartitionKey("orders", 1), 300L));
    // Another connector's offsets are its own.
    assertThat(runner.query(offsets("someone-else").selectCommitted())).isEmpty();
  }

  @Test
  void aRestartedWriterResumesFromTheCommittedOffsetsExactlyOnce() {
    TableDef table =
        new TableDef(
            "public",
            "exactly_once",
            List.of(
                new io.tidemark.connect.redshift.sql.ColumnDef("id", "BIGINT", false),
                new io.tidemark.connect.redshift.sql.ColumnDef("n", "BIGINT", true)),
            List.of());
    List<ChangeRow> rows = new ArrayList<>();
    for (long o = 0; o < 400; o++) {
      rows.add(
          new ChangeRow(
              Map.of("id", o, "n", o * 2), false, new SourceOffset("eo", (int) (o % 3), o / 3)));
    }
    List<TableChanges> first = List.of(new TableChanges(table, rows.subList(0, 150)));
    List<TableChanges> all = List.of(new TableChanges(table, rows));

    RedshiftWriter before = writer("exactly-once", WriteMode.APPEND);
    before.start();
    before.write(first);
    redshift.faults().failNextStatement("ERROR: injected failure");
    assertThatThrownBy(() -> before.write(List.of(new TableChanges(table, rows.subList(150, 400)))))
        .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
        .hasMessageContaining("injected");

    // A new task: reads the committed offsets, gets everything redelivered, writes only what is
    // missing.
    RedshiftWriter after = writer("exactly-once", WriteMode.APPEND);
    assertThat(after.start()).containsEntry(new SourceOffset.TopicPartitionKey("eo", 0), 50L);
    after.write(all);
    assertThat(
            runner.query(
                "SELECT count(*), count(DISTINCT \"id\"), sum(\"n\") FROM \"public\".\"exactly_once\""))
        .containsExactly(List.of("400", "400", Long.toString(399L * 400)));
    assertThat(after.committed())
        .containsEntry(new SourceOffset.TopicPartitionKey("eo", 0), 134L)
        .containsEntry(new SourceOffset.TopicPartitionKey("eo", 2), 133L);
  }

  /**
   * Two writers for the same partitions, as during a rebalance: the old owner (a zombie whose batch
   * is late) and the new owner, both having read the offsets at 0. The new owner commits first; the
   * old one's write of the same changes then changes nothing (append mode would show every row
   * twice), and it notices. The reverse order too: when the old owner's late transaction commits
   * first, the new owner is the one fenced, re-reads the offsets and carries on.
   */
  @Test
  void aStaleOwnersLateTransactionChangesNothingAndTheNewOwnerCarriesOn() {
    TableDef table =
        new TableDef(
            "public",
            "fenced",
            List.of(
                new io.tidemark.connect.redshift.sql.ColumnDef("id", "BIGINT", false),
                new io.tidemark.connect.redshift.sql.ColumnDef("n", "BIGINT", true)),
            List.of());
    List<ChangeRow> rows = new ArrayList<>();
    for (long o = 0; o < 90; o++) {
      rows.add(new ChangeRow(Map.of("id", o, "n", o), false, new SourceOffset("fz", 0, o)));
    }
    SourceOffset.TopicPartitionKey p0 = new SourceOffset.TopicPartitionKey("fz", 0);
    List<TableChanges> first = List.of(new TableChanges(table, rows.subList(0, 30)));
    List<TableChanges> second = List.of(new TableChanges(table, rows.subList(30, 60)));
    List<TableChanges> third = List.of(new TableChanges(table, rows.subList(60, 90)));

    // Both opened the partition (as the task does in open) before either wrote.
    RedshiftWriter old = writer("fencing", WriteMode.APPEND);
    old.start(List.of(p0));
    RedshiftWriter owner = writer("fencing", WriteMode.APPEND);
    owner.start(List.of(p0));
    // The new owner commits 0..29; the old owner's write of the same changes comes late.
    assertThat(owner.write(first)).containsEntry(p0, 30L);
    assertThatThrownBy(() -> old.write(first))
        .isInstanceOf(io.tidemark.connect.redshift.write.OffsetsFencedException.class)
        .hasMessageContaining("changed nothing");
    assertThat(old.committed()).containsEntry(p0, 30L);
    assertThat(count("fenced")).isEqualTo(30L);

    // Now the old owner's late transaction (30..59) wins the race and the new owner is fenced.
    assertThat(old.write(second)).containsEntry(p0, 60L);
    assertThatThrownBy(() -> owner.write(second))
        .isInstanceOf(io.tidemark.connect.redshift.write.OffsetsFencedException.class);
    // The new owner carries on: the redelivery is skipped, the next changes are written.
    assertThat(owner.write(second)).containsEntry(p0, 60L);
    assertThat(owner.write(third)).containsEntry(p0, 90L);
    assertThat(
            runner.query(
                "SELECT count(*), count(DISTINCT \"id\"), sum(\"n\") FROM \"public\".\"fenced\""))
        .containsExactly(List.of("90", "90", Long.toString(89L * 90 / 2)));
    assertThat(OffsetsTable.parseCommitted(runner.query(offsets("fencing").selectCommitted())))
        .containsExactly(Map.entry(p0, 90L));
  }

  /**
   * A partition's FIRST transaction written by two owners at once (old and new owner during a
   * rebalance), both having started before either committed: their snapshots are taken (the guard
   * is each transaction's first statement), then both wait on a lock held on the target table, then
   * run on. Exactly one may apply. Before the offsets row was created at open, both guards found no
   * row under SNAPSHOT isolation, both applied (every row twice), and the two offsets rows fenced
   * every later write for good.
   */
  @ParameterizedTest
  @EnumSource(RedshiftIsolation.class)
  void twoOwnersWritingAPartitionsFirstTransactionAtOnceApplyItOnce(RedshiftIsolation isolation)
      throws Exception {
    String name = "first_tx_" + isolation.name().toLowerCase(java.util.Locale.ROOT);
    TableDef table =
        new TableDef(
            "public",
            name,
            List.of(
                new io.tidemark.connect.redshift.sql.ColumnDef("id", "BIGINT", false),
                new io.tidemark.connect.redshift.sql.ColumnDef("n", "BIGINT", true)),
            List.of());
    run(List.of(new DdlBuilder(NAMES).createTable(table)));
    SourceOffset.TopicPartitionKey p0 = new SourceOffset.TopicPartitionKey(name, 0);
    List<ChangeRow> rows = new ArrayList<>();
    for (long o = 0; o < 60; o++) {
      rows.add(new ChangeRow(Map.of("id", o, "n", o), false, new SourceOffset(name, 0, o)));
    }
    List<TableChanges> first = List.of(new TableChanges(table, rows.subList(0, 30)));
    List<TableChanges> second = List.of(new TableChanges(table, rows.subList(30, 60)));
    redshift.isolation(isolation);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try (DataApiStatementRunner oldRunner = newRunner("[" + name + " old]");
        DataApiStatementRunner newRunner = newRunner("[" + name + " new]")) {
      RedshiftWriter old = writer(name, WriteMode.APPEND, oldRunner);
      RedshiftWriter owner = writer(name, WriteMode.APPEND, newRunner);
      old.start();
      owner.start();
      List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
      try (java.sql.Connection lock = postgres.connection(Postgres.DATABASE);
          java.sql.Statement sql = lock.createStatement()) {
        lock.setAutoCommit(false);
        sql.execute("LOCK TABLE \"public\".\"" + name + "\" IN ACCESS EXCLUSIVE MODE");
        writes.add(pool.submit(() -> old.write(first)));
        writes.add(pool.submit(() -> owner.write(first)));
        awaitLockWaiters(2, writes);
        lock.rollback();
      }
      // Connect redelivers a batch whose put failed until a put returns: so does this test.
      int failed = 0;
      for (int i = 0; i < 2; i++) {
        RedshiftWriter w = i == 0 ? old : owner;
        try {
          writes.get(i).get();
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause())
              .isInstanceOf(org.apache.kafka.connect.errors.RetriableException.class);
          failed++;
          w.write(first);
        }
      }
      // At SERIALIZABLE the loser's conflict shows the level: it switches to locking the offsets
      // table first and writes again at once (finding the winner's offsets), so its write returns.
      int switched = (old.locksOffsetsFirst() ? 1 : 0) + (owner.locksOffsetsFirst() ? 1 : 0);
      assertThat(failed + switched)
          .as("exactly one of the two first transactions lost")
          .isEqualTo(1);
      assertThat(switched)
          .as("writers locking the offsets table first")
          .isEqualTo(isolation == RedshiftIsolation.SERIALIZABLE ? 1 : 0);
      assertThat(count(name)).isEqualTo(30L);
      // Both carry on: the next write of either commits (no permanent fence).
      assertThat(owner.write(second)).containsEntry(p0, 60L);
      assertThatThrownBy(() -> old.write(second))
          .isInstanceOf(io.tidemark.connect.redshift.write.OffsetsFencedException.class);
      assertThat(
              runner.query(
                  "SELECT count(*), count(DISTINCT \"id\"), sum(\"n\") FROM \"public\".\""
                      + name
                      + "\""))
          .containsExactly(List.of("60", "60", Long.toString(59L * 60 / 2)));
      assertThat(OffsetsTable.parseCommitted(runner.query(offsets(name).selectCommitted())))
          .containsExactly(Map.entry(p0, 60L));
    } finally {
      pool.shutdownNow();
      redshift.isolation(RedshiftIsolation.SNAPSHOT);
    }
  }

  /**
   * Waits until {@code n} backends wait for a lock (both writers took their snapshot and wait);
   * stops waiting, so the test fails on the writes' outcome, if a write ended first.
   */
  private static void awaitLockWaiters(int n, List<java.util.concurrent.Future<?>> writes)
      throws Exception {
    try (java.sql.Connection c = postgres.connection(Postgres.DATABASE);
        java.sql.Statement s = c.createStatement()) {
      while (writes.stream().noneMatch(java.util.concurrent.Future::isDone)) {
        try (java.sql.ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
          rs.next();
          if (rs.getInt(1) >= n) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
  }

  private static long count(String table) {
    return Long.parseLong(
        runner.query("SELECT count(*) FROM \"public\".\"" + table + "\"").get(0).get(0));
  }

  /**
   * Stages {@code rows} as gzip JSON lines + manifest in S3 and runs the copy path's transaction.
   */
  private static void copy(
      TableDef table, List<ChangeRow> rows, OffsetsTable offsets, String topic, long nextOffset)
      throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      lines.append(CopyStaging.jsonLine(table, rows.get(i), i)).append('\n');
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
    }
    String data = "stage/" + table.name() + "-0.json.gz";
    String manifest = "stage/" + table.name() + ".manifest";
    try (S3Client s3 = stack.s3().client()) {
      s3.putObject(
          b -> b.bucket(S3Server.BUCKET).key(data), RequestBody.fromBytes(gz.toByteArray()));
      s3.putObject(
          b -> b.bucket(S3Server.BUCKET).key(manifest),
          RequestBody.fromString(
              CopyStaging.manifest(List.of("s3://" + S3Server.BUCKET + "/" + data))));
    }
    Map<SourceOffset.TopicPartitionKey, Long> next = new HashMap<>();
    next.put(new SourceOffset.TopicPartitionKey(topic, 0), nextOffset);
    Transaction tx =
        new CopyPathPlanner(
                new StageSql(NAMES, WriteMode.UPSERT),
                offsets,
                RedshiftDataApiComponent.IAM_ROLE,
                null)
            .plan(
                List.of(
                    new CopyPathPlanner.StagedTable(
                        table, "s3://" + S3Server.BUCKET + "/" + manifest, rows.size(), next)));
    runFenced(offsets, tx);
  }

  /**
   * BadInput.NAN_INFINITY: FLOAT8 takes 'NaN', 'Infinity', '-Infinity' from INSERT literals and
   * from COPY's JSON.
   */
  @Test
  void nanAndInfinityAreStoredByBothLoadPaths() throws Exception {
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("f", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .build();
    OffsetsTable offsets = offsets("nan");
    run(List.of(offsets.createTable()));
    double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5};
    for (String path : List.of("insert", "copy")) {
      TableDef table =
          TableDefs.defaults()
              .fromSchema(
                  "public", "floats_" + path, schema, List.of("id"), Optional.empty(), List.of());
      run(List.of(new DdlBuilder(NAMES).createTable(table)));
      List<ChangeRow> rows = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        rows.add(
            new ChangeRow(
                RowValues.of(
                    new Struct(schema).put("id", (long) i).put("f", values[i]),
                    TableDefs.defaults().columnNames(schema)),
                false,
                new SourceOffset(path, 0, i)));
      }
      if (path.equals("insert")) {
        new InsertPathPlanner(
                new StageSql(NAMES, WriteMode.UPSERT), offsets, StatementLimits.defaults())
            .plan(List.of(new TableChanges(table, rows)))
            .forEach(tx -> runFenced(offsets, tx));
      } else {
        copy(table, rows, offsets, path, values.length);
      }
      assertThat(
              runner.query(
                  "SELECT \"f\"::text FROM \"public\".\"floats_" + path + "\" ORDER BY \"id\""))
          .as(path)
          .containsExactly(
              List.of("NaN"), List.of("Infinity"), List.of("-Infinity"), List.of("1.5"));
    }
  }

  /**
   * An offsets table created before the position lineage column: the writer adds the column at
   * start, keeps the offsets, and a transaction then writes the partition's lineage mark next to
   * its offset, which a new writer reads back and checks against.
   */
  @Test
  void anOffsetsTableFromBeforeTheLineageColumnGetsItAndTheMarkIsWrittenWithTheOffset() {
    run(
        List.of(
            "CREATE TABLE \"public\".\"old_offsets\" (\"connector_name\" VARCHAR(1020) NOT NULL,"
                + " \"topic\" VARCHAR(1020) NOT NULL, \"kafka_partition\" INTEGER NOT NULL,"
                + " \"next_offset\" BIGINT NOT NULL, PRIMARY KEY (\"connector_name\", \"topic\","
                + " \"kafka_partition\"))",
            "INSERT INTO \"public\".\"old_offsets\" VALUES ('legacy', 'orders', 0, 5)"));
    OffsetsTable offsets = new OffsetsTable(NAMES, "public", "old_offsets", "legacy");
    SourceOffset.TopicPartitionKey tp = new SourceOffset.TopicPartitionKey("orders", 0);
    RedshiftWriter writer =
        new RedshiftWriter(
            runner,
            new DdlBuilder(NAMES),
            new InsertPathPlanner(
                new StageSql(NAMES, WriteMode.UPSERT), offsets, new StatementLimits(10, 4096)),
            offsets,
            new RedshiftWriter.TablePolicy(true, true),
            "legacy",
            "[legacy task-0]");
    assertThat(writer.start(List.of(tp))).containsExactly(Map.entry(tp, 5L));
    assertThat(runner.query(offsets.lineageColumnQuery())).hasSize(1);
    String position = "0000000007-0000000000000000900-1-0000000000000000005";
    assertThat(
            writer
                .checkLineage(
                    List.of(
                        new RedshiftWriter.Positioned(
                            new SourceOffset("orders", 0, 5), position, 1_700_000_000_000L)))
                .lineageBreak())
        .isNull();
    writer.write(List.of(), Map.of(tp, 6L), RedshiftWriter.BadChanges.FAIL);
    assertThat(
            runner.query(
                "SELECT \"next_offset\", \"position_lineage\" FROM \"public\".\"old_offsets\""))
        .containsExactly(
            List.of(
                "6",
                // Version 2; begun at offset 5, past the partition's first: its start is kept.
                "2|1700000000000|5|1700000000000|0000000007-0000000000000000900|"
                    + "0000000007-0000000000000000900"));
    // A new writer (a restart) checks the next change against the stored mark.
    RedshiftWriter restarted =
        new RedshiftWriter(
            runner,
            new DdlBuilder(NAMES),
            new InsertPathPlanner(
                new StageSql(NAMES, WriteMode.UPSERT), offsets, new StatementLimits(10, 4096)),
            offsets,
            new RedshiftWriter.TablePolicy(true, true),
            "legacy",
            "[legacy task-0]");
    restarted.start(List.of(tp));
    assertThat(
            restarted
                .checkLineage(
                    List.of(
                        new RedshiftWriter.Positioned(
                            new SourceOffset("orders", 0, 6),
                            "0000000001-0000000000000000004-1-0000000000000000006",
                            1_700_000_060_000L)))
                .lineageBreak())
        .hasMessageContaining("position lineage break at orders-0@6");
  }

  private static RedshiftWriter writer(String connector, WriteMode mode) {
    return writer(connector, mode, runner);
  }

  private static RedshiftWriter writer(
      String connector, WriteMode mode, DataApiStatementRunner runner) {
    OffsetsTable offsets = offsets(connector);
    return new RedshiftWriter(
        runner,
        new DdlBuilder(NAMES),
        new InsertPathPlanner(new StageSql(NAMES, mode), offsets, new StatementLimits(10, 4096)),
        offsets,
        new RedshiftWriter.TablePolicy(true, true),
        connector,
        "[" + connector + " task-0]");
  }

  /**
   * A value the screen cannot predict: the target (created by a user) holds DECIMAL(12,2), the
   * change's schema says DECIMAL(5,2), so the COPY into the stage (typed by the change) refuses
   * 123456.78. The stand-in fails the COPY with Redshift's text and logs the line in
   * sys_load_error_detail, as Redshift does; the writer makes that change a bad record naming its
   * offset and column and writes the rest.
   */
  @Test
  void aLineTheCopyRefusesIsABadRecordAndTheRestIsWritten() {
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field(
                "amount",
                Decimal.builder(2).parameter("connect.decimal.precision", "5").optional().build())
            .build();
    run(
        List.of(
            "CREATE TABLE \"public\".\"wide_amounts\" (\"id\" BIGINT NOT NULL,"
                + " \"amount\" DECIMAL(12,2))"));
    TableDef table =
        TableDefs.defaults()
            .fromSchema(
                "public", "wide_amounts", schema, List.of("id"), Optional.empty(), List.of());
    List<ChangeRow> rows = new ArrayList<>();
    for (long o = 0; o < 12; o++) {
      BigDecimal amount = o == 4 ? new BigDecimal("123456.78") : new BigDecimal(o + ".25");
      rows.add(
          new ChangeRow(
              RowValues.of(
                  new Struct(schema).put("id", o).put("amount", amount),
                  TableDefs.defaults().columnNames(schema)),
              false,
              new SourceOffset("wide_amounts", 0, o)));
    }
    OffsetsTable offsets = offsets("copy-refused");
    StageSql stage = new StageSql(NAMES, WriteMode.UPSERT);
    try (S3Client s3 = stack.s3().client()) {
      RedshiftWriter w =
          new RedshiftWriter(
              runner,
              new DdlBuilder(NAMES),
              new InsertPathPlanner(stage, offsets, StatementLimits.defaults()),
              Optional.of(
                  new RedshiftWriter.CopyLoad(
                      new io.tidemark.connect.redshift.staging.CopyStager(
                          new io.tidemark.connect.redshift.staging.S3StagingStore(
                              s3, S3Server.BUCKET, "[copy-refused task-0]"),
                          "stage/",
                          "copy-refused"),
                      new CopyPathPlanner(stage, offsets, RedshiftDataApiComponent.IAM_ROLE, null),
                      10)),
              offsets,
              new RedshiftWriter.TablePolicy(true, true),
              "[copy-refused task-0]",
              new io.tidemark.connect.redshift.write.WriterStats());
      w.start();
      Map<Long, String> rejected = new TreeMap<>();
      w.write(
          List.of(new TableChanges(table, rows)),
          Map.of(),
          (source, message) -> rejected.put(source.offset(), message));
      assertThat(rejected).containsOnlyKeys(4L);
      assertThat(rejected.get(4L))
          .contains("wide_amounts-0@4")
          .contains("public.wide_amounts")
          .contains("column amount")
          .contains("COPY refused it (line 5 of the staged file)")
          .contains("numeric overflow for DECIMAL(5,2)");
    }
    assertThat(runner.query("SELECT COUNT(*) FROM \"public\".\"wide_amounts\""))
        .containsExactly(List.of("11"));
    assertThat(runner.query("SELECT COUNT(*) FROM \"public\".\"wide_amounts\" WHERE id = 4"))
        .containsExactly(List.of("0"));
    // No position lineage: these changes carry no position field.
    assertThat(OffsetsTable.parseCommitted(runner.query(offsets.selectCommitted())))
        .containsExactly(Map.entry(new SourceOffset.TopicPartitionKey("wide_amounts", 0), 12L));
  }

  @Test
  void evolvedColumnsAndTheCopyPath() throws Exception {
    TableDef table =
        TableDefs.defaults()
            .fromSchema("public", "events", VALUE, List.of("Id"), Optional.empty(), List.of());
    OffsetsTable offsets = offsets("copy-path");
    TableDef narrow =
        new TableDef("public", "events", table.columns().subList(0, 2), List.of("id"));
    run(List.of(new DdlBuilder(NAMES).createTable(narrow), offsets.createTable()));
    DdlBuilder ddl = new DdlBuilder(NAMES);
    java.util.Set<String> existing = new java.util.HashSet<>();
    runner.query(ddl.existingColumnsQuery("public", "events")).forEach(r -> existing.add(r.get(0)));
    assertThat(existing).containsExactlyInAnyOrder("id", "select");
    List<String> evolve = ddl.addMissingColumns("public", "events", existing, table.columns());
    assertThat(evolve).hasSize(4);
    run(evolve);

    Map<String, String> columns = TableDefs.defaults().columnNames(VALUE);
    List<ChangeRow> rows =
        List.of(
            new ChangeRow(
                RowValues.of(value(1, "first"), columns), false, new SourceOffset("events", 0, 10)),
            new ChangeRow(
                RowValues.of(value(1, "a \"quoted\" \\ value"), columns),
                false,
                new SourceOffset("events", 0, 11)),
            new ChangeRow(
                RowValues.of(value(2, "gone"), columns), false, new SourceOffset("events", 0, 12)),
            new ChangeRow(
                RowValues.of(value(2, null), columns), true, new SourceOffset("events", 0, 13)));
    copy(table, rows, offsets, "events", 14L);

    assertThat(
            runner.query(
                "SELECT \"id\", \"select\", \"doc\"::text FROM \"public\".\"events\" ORDER BY 1"))
        .containsExactly(List.of("1", "a \"quoted\" \\ value", "{\"k\": \"it's\"}"));
    // No position lineage: these changes carry no position field.
    assertThat(OffsetsTable.parseCommitted(runner.query(offsets.selectCommitted())))
        .containsExactly(Map.entry(new SourceOffset.TopicPartitionKey("events", 0), 14L));
  }

  /**
   * A VARCHAR widened in MySQL (Debezium's propagated length grows): the writer widens the column
   * in place, outside a transaction block as Redshift requires, and the longer value lands exactly;
   * the stand-in's byte-length check moves with it. Where Redshift refuses (a column with a
   * DEFAULT), a value that no longer fits stops the task naming the column and the steps, never a
   * silent bad record.
   */
  @Test
  void aVarcharWidenedAtTheSourceIsWidenedInPlaceOrStopsTheTaskWithTheSteps() {
    var id = new io.tidemark.connect.redshift.sql.ColumnDef("id", "BIGINT", false);
    TableDef before =
        new TableDef(
            "public",
            "widened",
            List.of(
                id, new io.tidemark.connect.redshift.sql.ColumnDef("note", "VARCHAR(20)", true)),
            List.of("id"));
    TableDef after =
        new TableDef(
            "public",
            "widened",
            List.of(
                id, new io.tidemark.connect.redshift.sql.ColumnDef("note", "VARCHAR(400)", true)),
            List.of("id"));
    String long300 = "\uD83D\uDE00".repeat(75);
    RedshiftWriter writer = writer("widened", WriteMode.UPSERT);
    writer.start();
    writer.write(
        List.of(
            new TableChanges(
                before,
                List.of(
                    new ChangeRow(
                        Map.of("id", 1L, "note", "short"),
                        false,
                        new SourceOffset("widened", 0, 0))))));
    writer.write(
        List.of(
            new TableChanges(
                after,
                List.of(
                    new ChangeRow(
                        Map.of("id", 2L, "note", long300),
                        false,
                        new SourceOffset("widened", 0, 1))))));
    assertThat(
            runner.query(
                "SELECT character_maximum_length FROM information_schema.columns"
                    + " WHERE table_name = 'widened' AND column_name = 'note'"))
        .containsExactly(List.of("65535"));
    assertThat(runner.query("SELECT \"note\" FROM \"public\".\"widened\" WHERE \"id\" = 2"))
        .containsExactly(List.of(long300));
    // Redshift counts bytes: the new size is enforced in bytes (16,384 characters, 65,536 bytes).
    assertThatThrownBy(
            () ->
                run(
                    List.of(
                        "INSERT INTO \"public\".\"widened\" VALUES (3, '"
                            + "\uD83D\uDE00".repeat(16_384)
                            + "')")))
        .hasMessageContaining("check constraint");
    assertThatThrownBy(
            () ->
                run(
                    List.of(
                        "ALTER TABLE \"public\".\"widened\" ALTER COLUMN \"note\""
                            + " TYPE VARCHAR(500)")))
        .hasMessageContaining("cannot run inside a transaction block");

    run(
        List.of(
            "CREATE TABLE \"public\".\"widen_default\" (\"id\" BIGINT NOT NULL,"
                + " \"note\" VARCHAR(20) DEFAULT 'none')"));
    TableDef defaulted =
        new TableDef(
            "public",
            "widen_default",
            List.of(
                id, new io.tidemark.connect.redshift.sql.ColumnDef("note", "VARCHAR(400)", true)),
            List.of("id"));
    RedshiftWriter refused = writer("widen-default", WriteMode.UPSERT);
    refused.start();
    assertThatThrownBy(
            () ->
                refused.write(
                    List.of(
                        new TableChanges(
                            defaulted,
                            List.of(
                                new ChangeRow(
                                    Map.of("id", 1L, "note", long300),
                                    false,
                                    new SourceOffset("widen-default", 0, 0)))))))
        .hasMessageContaining("widen-default-0@0")
        .hasMessageContaining("column note")
        .hasMessageContaining("300 bytes is too long for VARCHAR(20)")
        .hasMessageContaining("now VARCHAR(400)")
        .hasMessageContaining("widened at the source")
        .hasMessageContaining("RENAME COLUMN");
    assertThat(runner.query("SELECT COUNT(*) FROM \"public\".\"widen_default\""))
        .containsExactly(List.of("0"));
  }

  /**
   * A MySQL table name of 64 characters (MySQL's maximum, over PostgreSQL's 63 bytes) and a
   * 127-byte column (Redshift's maximum): the writer creates the table, finds it in the catalog,
   * evolves it and loads it on both paths, DECIMAL(38,10) values exact on each.
   */
  @Test
  void aLongTableNameAndA127ByteColumnAreCreatedEvolvedAndLoadedOnBothPaths() throws Exception {
    String name = "orders_" + "a".repeat(56) + "1";
    String wide = "c".repeat(120) + "_amount";
    assertThat(name).hasSize(64);
    assertThat(wide.getBytes(StandardCharsets.UTF_8)).hasSize(127);
    var id = new io.tidemark.connect.redshift.sql.ColumnDef("id", "BIGINT", false);
    var note = new io.tidemark.connect.redshift.sql.ColumnDef("note", "VARCHAR(20)", true);
    var amount = new io.tidemark.connect.redshift.sql.ColumnDef(wide, "DECIMAL(38,10)", true);
    TableDef narrow = new TableDef("public", name, List.of(id, note), List.of("id"));
    TableDef evolved = new TableDef("public", name, List.of(id, note, amount), List.of("id"));

    RedshiftWriter writer = writer("long-names", WriteMode.UPSERT);
    writer.start();
    writer.write(
        List.of(
            new TableChanges(
                narrow,
                List.of(
                    new ChangeRow(
                        Map.of("id", 1L, "note", "first"),
                        false,
                        new SourceOffset("long-names", 0, 0))))));
    writer.write(
        List.of(
            new TableChanges(
                evolved,
                List.of(
                    new ChangeRow(
                        Map.of(
                            "id",
                            2L,
                            "note",
                            "inserted",
                            wide,
                            new BigDecimal("1234567890123456789012345678.1234567890")),
                        false,
                        new SourceOffset("long-names", 0, 1))))));
    copy(
        evolved,
        List.of(
            new ChangeRow(
                Map.of(
                    "id",
                    3L,
                    "note",
                    "copied",
                    wide,
                    new BigDecimal("-9999999999999999999999999999.9999999999")),
                false,
                new SourceOffset("long-names-copy", 0, 0))),
        offsets("long-names"),
        "long-names-copy",
        1L);

    DdlBuilder ddl = new DdlBuilder(NAMES);
    assertThat(runner.query(ddl.existingColumnsQuery("public", name)))
        .extracting(r -> r.get(0))
        .containsExactly("id", "note", wide);
    assertThat(
            runner.query(
                "SELECT \"id\", \"note\", \""
                    + wide
                    + "\" FROM \"public\".\""
                    + name
                    + "\" ORDER BY 1"))
        .containsExactly(
            java.util.Arrays.asList("1", "first", null),
            List.of("2", "inserted", "1234567890123456789012345678.1234567890"),
            List.of("3", "copied", "-9999999999999999999999999999.9999999999"));
  }
}
