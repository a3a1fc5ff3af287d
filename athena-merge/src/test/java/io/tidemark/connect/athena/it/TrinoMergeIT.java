package io.tidemark.connect.athena.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.athena.engine.QueryEngine;
import io.tidemark.connect.athena.engine.TrinoQueryEngine;
import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.LandingFormat;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.PartitionTransform;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.BatchPlanner;
import io.tidemark.connect.athena.plan.CommitEvent;
import io.tidemark.connect.athena.plan.MergeBatch;
import io.tidemark.connect.athena.sql.Identifier;
import io.tidemark.connect.athena.sql.QualifiedName;
import io.tidemark.connect.athena.sql.TrinoDdl;
import io.tidemark.connect.athena.sql.UserTransactionsSql;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.component.TrinoServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The generated Trino DDL and the shared MERGE against real Trino (the Athena stand-in): JSONL
 * objects shaped like the S3 sink's output, a projected Hive landing table, Iceberg mirrors, and
 * the demo's user_transactions aggregate including a transaction that moves to another day.
 */
@ExtendWith(MergeStackExtension.class)
class TrinoMergeIT {

    private static final String BUCKET = S3Server.BUCKET;
    private static final String TX_TOPIC = "demo.myschema.transactions";
    private static final String USERS_TOPIC = "demo.myschema.users";
    private static LocalStack stack;

    @BeforeAll
    static void start(LocalStack shared) {
        stack = shared; // the module's one stack (MergeStackExtension), shared with the pipeline ITs
    }

    private static Identifier id(String n) {
        return Identifier.of(n, "it");
    }

    private static TableMapping transactions() {
        return transactions("transactions", TX_TOPIC, DeleteMode.HARD);
    }

    private static TableMapping transactions(String table, String topic, DeleteMode mode) {
        List<Column> cols = Column.parseList(
                "transaction_id:bigint,user_id:bigint,total_cost:decimal(10,2),dt:date,__deleted:string,__offset:bigint", "it");
        return new TableMapping(table, topic,
                new QualifiedName("hive", id("lake"), id(table + "_landing")), "s3://" + BUCKET + "/raw/" + topic + "/",
                LandingFormat.JSONL, cols, LandingPartition.parseList("partition:integer(0..3)", "it"),
                new QualifiedName("iceberg", id("lake"), id(table)), Optional.empty(),
                List.of(id("transaction_id")), id("__offset"), Optional.of(id("__deleted")), mode,
                cols.stream().map(Column::name).toList(), PartitionTransform.parseList("dt", cols, "it"));
    }

    private static TableMapping users() {
        List<Column> cols = Column.parseList("id:bigint,registration_date:date,__deleted:string,__offset:bigint", "it");
        return new TableMapping("users", USERS_TOPIC,
                new QualifiedName("hive", id("lake"), id("users_landing")), "s3://" + BUCKET + "/raw/" + USERS_TOPIC + "/",
                LandingFormat.JSONL, cols, LandingPartition.parseList("partition:integer(0..3)", "it"),
                new QualifiedName("iceberg", id("lake"), id("users")), Optional.empty(),
                List.of(id("id")), id("__offset"), Optional.of(id("__deleted")), DeleteMode.HARD,
                cols.stream().map(Column::name).toList(), List.of());
    }

    static CommitEvent put(S3Client s3, String topic, int partition, long start, String... rows) {
        String key = "raw/" + topic + "/partition=" + partition + "/" + topic + "+" + partition + "+" + String.format("%020d", start) + ".jsonl";
        String body = String.join("\n", rows) + "\n";
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(body));
        return new CommitEvent(BUCKET, key, topic, partition, start, start + rows.length - 1, rows.length, body.length(),
                new TreeMap<>(Map.of("partition", Integer.toString(partition))), Optional.empty());
    }

    private static String tx(long id, long user, String cost, String dt, boolean deleted, long offset) {
        return "{\"transaction_id\":" + id + ",\"user_id\":" + user + ",\"total_cost\":" + cost + ",\"dt\":\"" + dt
                + "\",\"__deleted\":\"" + deleted + "\",\"__offset\":" + offset + "}";
    }

    private static String user(long id, String reg, boolean deleted, long offset) {
        return "{\"id\":" + id + ",\"registration_date\":\"" + reg + "\",\"__deleted\":\"" + deleted + "\",\"__offset\":" + offset + "}";
    }

    static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cells.add(String.valueOf(r.getObject(i)));
                }
                out.add(String.join("|", cells));
            }
        }
        return out;
    }

    private static void mergeTransactions(QueryEngine engine, UserTransactionsSql agg, List<CommitEvent> events) {
        for (MergeBatch b : BatchPlanner.athenaDefaults(1000).plan(transactions(), events)) {
            engine.execute(agg.markDirtyFromTransactions(b.scope()), b.requestToken(0));
            engine.execute(b.sql(), b.requestToken(0));
            engine.execute(agg.recompute(), "r");
            engine.execute(agg.clearDirty(), "c");
        }
    }

    private static void mergeUsers(QueryEngine engine, UserTransactionsSql agg, List<CommitEvent> events) {
        for (MergeBatch b : BatchPlanner.athenaDefaults(1000).plan(users(), events)) {
            engine.execute(b.sql(), b.requestToken(0));
            engine.execute(agg.markDirtyFromUsers(b.scope()), "d");
            engine.execute(agg.recompute(), "r");
            engine.execute(agg.clearDirty(), "c");
        }
    }

    @Test
    void mergesUpsertsDeletesMovesAndReplaysIntoIcebergAndTheAggregate() throws Exception {
        TrinoServer trino = stack.get(TrinoServer.class);
        TrinoDdl ddl = new TrinoDdl("7d");
        S3Client s3 = stack.s3().client();
        try (QueryEngine engine = new TrinoQueryEngine(() -> DriverManager.getConnection(trino.jdbcUrl(), TrinoServer.USER, null), Clock.systemUTC());
                Connection check = DriverManager.getConnection(trino.jdbcUrl(), TrinoServer.USER, null)) {
            engine.execute("CREATE SCHEMA IF NOT EXISTS iceberg.lake WITH (location = 's3://" + BUCKET + "/warehouse/lake')", "s");
            for (TableMapping m : List.of(transactions(), users())) {
                engine.execute(ddl.createLanding(m), "l");
                engine.execute(ddl.createTarget(m), "t");
            }
            engine.execute("CREATE TABLE IF NOT EXISTS iceberg.lake.user_transactions (dt date, user_id bigint, "
                    + "total_cost_usd decimal(12,2), registration_date date) WITH (partitioning = ARRAY['dt'])", "a");
            engine.execute("CREATE TABLE IF NOT EXISTS iceberg.lake.user_transactions_dirty (dt date)", "d");
            UserTransactionsSql agg = new UserTransactionsSql(new QualifiedName("iceberg", id("lake"), id("user_transactions")),
                    new QualifiedName("iceberg", id("lake"), id("user_transactions_dirty")), transactions(), users());

            // Initial load: two users, transactions over several days, in two Kafka partitions.
            List<CommitEvent> usersInitial = List.of(put(s3, USERS_TOPIC, 0, 0,
                    user(1, "2026-11-21", false, 0), user(2, "2026-11-20", false, 1)));
            List<CommitEvent> txInitial = List.of(
                    put(s3, TX_TOPIC, 0, 0, tx(1, 1, "10.99", "2026-11-21", false, 0), tx(2, 2, "4.99", "2026-11-21", false, 1)),
                    put(s3, TX_TOPIC, 1, 0, tx(3, 2, "4.99", "2026-11-18", false, 0), tx(4, 1, "4.99", "2026-11-18", false, 1)));
            mergeUsers(engine, agg, usersInitial);
            mergeTransactions(engine, agg, txInitial);

            assertThat(rows(check, "SELECT transaction_id, user_id, total_cost, dt FROM iceberg.lake.transactions ORDER BY 1"))
                    .containsExactly("1|1|10.99|2026-11-21", "2|2|4.99|2026-11-21", "3|2|4.99|2026-11-18", "4|1|4.99|2026-11-18");

            // Changes: correction of 1 (twice in one file: newest wins), refund (delete) of 2, 4 moves to another day,
            // and a stale change of 3 that is older than what is stored.
            List<CommitEvent> txChanges = List.of(
                    put(s3, TX_TOPIC, 0, 2, tx(1, 1, "11.99", "2026-11-21", false, 2), tx(1, 1, "12.99", "2026-11-21", false, 3),
                            tx(2, 2, "4.99", "2026-11-21", true, 4)),
                    put(s3, TX_TOPIC, 1, 2, tx(4, 1, "4.99", "2026-11-19", false, 2)));
            mergeTransactions(engine, agg, txChanges);
            // A replay (a crash after the MERGE, before the offset commit) changes nothing, and neither does an
            // older object merged late (commit events are not ordered across objects): it holds tx 4 on its old day.
            // (Not replayed here: tx 2's insert after its hard delete, the documented limit of delete.mode=hard.)
            mergeTransactions(engine, agg, txChanges);
            mergeTransactions(engine, agg, List.of(txInitial.get(1)));

            assertThat(rows(check, "SELECT transaction_id, user_id, total_cost, dt, __offset FROM iceberg.lake.transactions ORDER BY 1"))
                    .containsExactly("1|1|12.99|2026-11-21|3", "3|2|4.99|2026-11-18|0", "4|1|4.99|2026-11-19|2");

            // A user's registration date is corrected.
            mergeUsers(engine, agg, List.of(put(s3, USERS_TOPIC, 0, 2, user(1, "2026-11-01", false, 2))));

            assertThat(rows(check, "SELECT dt, user_id, total_cost_usd, registration_date FROM iceberg.lake.user_transactions ORDER BY 1, 2"))
                    .containsExactly(
                            "2026-11-18|2|4.99|2026-11-20",
                            "2026-11-19|1|4.99|2026-11-01",
                            "2026-11-21|1|12.99|2026-11-01");
            assertThat(rows(check, "SELECT count(*) FROM iceberg.lake.user_transactions_dirty")).containsExactly("0");
        }
    }

    @Test
    void softDeletesMakeTheResultIndependentOfArrivalOrder() throws Exception {
        TrinoServer trino = stack.get(TrinoServer.class);
        String topic = "demo.myschema.transactions_soft";
        TableMapping soft = transactions("transactions_soft", topic, DeleteMode.SOFT);
        TrinoDdl ddl = new TrinoDdl("7d");
        S3Client s3 = stack.s3().client();
        try (QueryEngine engine = new TrinoQueryEngine(() -> DriverManager.getConnection(trino.jdbcUrl(), TrinoServer.USER, null), Clock.systemUTC());
                Connection check = DriverManager.getConnection(trino.jdbcUrl(), TrinoServer.USER, null)) {
            engine.execute("CREATE SCHEMA IF NOT EXISTS iceberg.lake WITH (location = 's3://" + BUCKET + "/warehouse/lake')", "s");
            engine.execute(ddl.createLanding(soft), "l");
            engine.execute(ddl.createTarget(soft), "t");
            CommitEvent older = put(s3, topic, 0, 0, tx(1, 1, "10.99", "2026-11-21", false, 0), tx(2, 2, "4.99", "2026-11-21", false, 1));
            CommitEvent newer = put(s3, topic, 0, 2, tx(1, 1, "12.99", "2026-11-21", false, 2), tx(2, 2, "4.99", "2026-11-21", true, 3));
            // The newer object is merged first, the older one after it (events are not ordered across objects).
            for (CommitEvent e : List.of(newer, older, newer)) {
                for (MergeBatch b : BatchPlanner.athenaDefaults(10).plan(soft, List.of(e))) {
                    engine.execute(b.sql(), b.requestToken(0));
                }
            }
            assertThat(rows(check, "SELECT transaction_id, total_cost, __deleted, __offset FROM iceberg.lake.transactions_soft ORDER BY 1"))
                    .containsExactly("1|12.99|false|2", "2|4.99|true|3");
        }
    }
}
