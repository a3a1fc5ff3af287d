package io.tidemark.stack.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.RedshiftDataException;
import software.amazon.awssdk.services.redshiftdata.model.SqlParameter;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.ValidationException;
import software.amazon.awssdk.services.s3.S3Client;

/** The stand-in driven by the real AWS SDK client, on a real PostgreSQL and S3. */
class RedshiftDataApiIT {
  private static final Path DIR =
      Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
          .resolveSibling("redshift-it");
  private static LocalStack stack;
  private static RedshiftDataApiComponent redshift;
  private static RedshiftDataClient client;
  private static RedshiftDataClient noRetryClient;

  @BeforeAll
  static void start() {
    redshift = new RedshiftDataApiComponent(0);
    stack =
        LocalStack.builder(DIR)
            .add(new Postgres(0))
            .add(new S3Server(0))
            .add(redshift)
            .build()
            .start();
    client = client(3);
    noRetryClient = client(1);
  }

  private static RedshiftDataClient client(int attempts) {
    return RedshiftDataClient.builder()
        .endpointOverride(URI.create(redshift.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(attempts)))
        .build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
      noRetryClient.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static DescribeStatementResponse await(String id) throws InterruptedException {
    List<StatusString> seen = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      DescribeStatementResponse d = client.describeStatement(b -> b.id(id));
      seen.add(d.status());
      if (d.status() == StatusString.FINISHED
          || d.status() == StatusString.FAILED
          || d.status() == StatusString.ABORTED) {
        return d;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("statement " + id + " did not end; saw " + seen);
  }

  private static String batch(String... sqls) {
    return client
        .batchExecuteStatement(
            b -> b.workgroupName(RedshiftDataApiComponent.WORKGROUP).database("dev").sqls(sqls))
        .id();
  }

  private static String execute(String sql) {
    return client
        .executeStatement(
            b -> b.workgroupName(RedshiftDataApiComponent.WORKGROUP).database("dev").sql(sql))
        .id();
  }

  private static List<List<Field>> query(String sql) throws InterruptedException {
    String id = execute(sql);
    DescribeStatementResponse d = await(id);
    assertThat(d.status()).as(d.error()).isEqualTo(StatusString.FINISHED);
    return client.getStatementResult(b -> b.id(id)).records();
  }

  @Test
  void concurrentTransactionsOnOneRowConflictLikeRedshiftsSnapshotIsolation() throws Exception {
    await(
        batch(
            "CREATE TABLE IF NOT EXISTS \"public\".\"hot\" (\"id\" BIGINT, \"n\" BIGINT)",
            "DELETE FROM \"public\".\"hot\"",
            "INSERT INTO \"public\".\"hot\" VALUES (1, 0)"));
    String first =
        batch(
            "UPDATE \"public\".\"hot\" SET \"n\" = \"n\" + 1 WHERE \"id\" = 1",
            "SELECT pg_sleep(1.5)");
    Thread.sleep(500);
    // Takes its snapshot while the first holds the row; the first commits; this one loses.
    String second = batch("UPDATE \"public\".\"hot\" SET \"n\" = \"n\" + 10 WHERE \"id\" = 1");
    assertThat(await(first).status()).isEqualTo(StatusString.FINISHED);
    DescribeStatementResponse lost = await(second);
    assertThat(lost.status()).isEqualTo(StatusString.FAILED);
    assertThat(lost.error())
        .startsWith("ERROR: 1023 DETAIL: Serializable isolation violation on table");
    assertThat(query("SELECT \"n\" FROM \"public\".\"hot\"").get(0).get(0).longValue())
        .isEqualTo(1L);
  }

  @Test
  void serializableIsolationAlsoCatchesWriteSkew() throws Exception {
    await(
        batch(
            "CREATE TABLE IF NOT EXISTS \"public\".\"skew\" (\"n\" BIGINT)",
            "DELETE FROM \"public\".\"skew\""));
    redshift.isolation(RedshiftIsolation.SERIALIZABLE);
    try {
      String first =
          batch(
              "INSERT INTO \"public\".\"skew\" SELECT COUNT(*) FROM \"public\".\"skew\"",
              "SELECT pg_sleep(1.5)");
      Thread.sleep(500);
      String second =
          batch("INSERT INTO \"public\".\"skew\" SELECT COUNT(*) FROM \"public\".\"skew\"");
      assertThat(await(second).status()).isEqualTo(StatusString.FINISHED);
      DescribeStatementResponse lost = await(first);
      assertThat(lost.status()).isEqualTo(StatusString.FAILED);
      assertThat(lost.error()).contains("1023").contains("Serializable isolation violation");
    } finally {
      redshift.isolation(RedshiftIsolation.SNAPSHOT);
    }
    assertThat(query("SELECT COUNT(*) FROM \"public\".\"skew\"").get(0).get(0).longValue())
        .isEqualTo(1L);
  }

  @Test
  void redshiftDdlAndTheSinksUpsertTransactionRun() throws Exception {
    String create =
        batch(
            "CREATE TABLE IF NOT EXISTS \"public\".\"orders\" (\"id\" BIGINT NOT NULL ENCODE az64, \"doc\" SUPER,"
                + " \"note\" VARCHAR(400), PRIMARY KEY (\"id\")) DISTSTYLE KEY DISTKEY (\"id\") COMPOUND SORTKEY (\"id\")",
            "INSERT INTO \"public\".\"orders\" VALUES (1, JSON_PARSE('{\"a\":1}'), 'old'), (2, NULL, 'gone')");
    DescribeStatementResponse created = await(create);
    assertThat(created.status()).as(created.error()).isEqualTo(StatusString.FINISHED);
    assertThat(created.subStatements())
        .extracting(s -> s.id())
        .containsExactly(create + ":1", create + ":2");
    assertThat(created.subStatements().get(1).resultRows()).isEqualTo(2L);

    String upsert =
        batch(
            "CREATE TEMP TABLE \"tidemark_stage_0\" (\"id\" BIGINT, \"doc\" SUPER, \"note\" VARCHAR(400), \"__tm_op\" CHAR(1) NOT NULL, \"__tm_pos\" BIGINT NOT NULL)",
            "INSERT INTO \"tidemark_stage_0\" VALUES (1, NULL, 'it''s ' || CHR(92) || ' new', 'u', 0), (2, NULL, NULL, 'd', 1),"
                + " (3, NULL, 'first', 'u', 2), (3, NULL, 'second', 'u', 3)",
            "DELETE FROM \"public\".\"orders\" USING \"tidemark_stage_0\" WHERE \"public\".\"orders\".\"id\" = \"tidemark_stage_0\".\"id\"",
            "INSERT INTO \"public\".\"orders\" (\"id\", \"doc\", \"note\") SELECT \"id\", \"doc\", \"note\" FROM (SELECT \"id\", \"doc\", \"note\","
                + " \"__tm_op\", ROW_NUMBER() OVER (PARTITION BY \"id\" ORDER BY \"__tm_pos\" DESC) AS \"__tm_rn\" FROM \"tidemark_stage_0\")"
                + " AS \"latest\" WHERE \"__tm_rn\" = 1 AND \"__tm_op\" <> 'd'",
            "DROP TABLE \"tidemark_stage_0\"");
    DescribeStatementResponse applied = await(upsert);
    assertThat(applied.status()).as(applied.error()).isEqualTo(StatusString.FINISHED);

    List<List<Field>> rows =
        query("SELECT \"id\", \"note\" FROM \"public\".\"orders\" ORDER BY \"id\"");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get(0).longValue()).isEqualTo(1L);
    assertThat(rows.get(0).get(1).stringValue()).isEqualTo("it's \\ new");
    assertThat(rows.get(1).get(1).stringValue()).isEqualTo("second");
  }

  @Test
  void identifiersUpTo127BytesWorkAndComeBackUnchanged() throws Exception {
    String a = "c".repeat(90) + "_alpha";
    String b = "c".repeat(90) + "_beta";
    String table = "t_" + "\u00e9".repeat(50);
    DescribeStatementResponse d =
        await(
            batch(
                "CREATE TABLE \"" + table + "\" (\"" + a + "\" INT, \"" + b + "\" INT)",
                "INSERT INTO \"" + table + "\" (\"" + a + "\", \"" + b + "\") VALUES (1, 2)"));
    assertThat(d.status()).as(d.error()).isEqualTo(StatusString.FINISHED);
    String id = execute("SELECT \"" + b + "\", \"" + a + "\" FROM \"" + table + "\"");
    await(id);
    var result = client.getStatementResult(r -> r.id(id));
    assertThat(result.columnMetadata()).extracting(c -> c.name()).containsExactly(b, a);
    assertThat(result.records().get(0).get(0).longValue()).isEqualTo(2L);
    List<List<Field>> names =
        query(
            "SELECT column_name FROM information_schema.columns WHERE table_name LIKE 't_%'"
                + " AND column_name LIKE 'ccc%' ORDER BY ordinal_position");
    assertThat(names).extracting(r -> r.get(0).stringValue()).containsExactly(a, b);
  }

  @Test
  void aFailingStatementRollsBackTheWholeBatch() throws Exception {
    await(execute("CREATE TABLE rollback_t (id INT)"));
    DescribeStatementResponse d =
        await(batch("INSERT INTO rollback_t VALUES (1)", "INSERT INTO no_such_table VALUES (1)"));
    assertThat(d.status()).isEqualTo(StatusString.FAILED);
    assertThat(d.error()).contains("no_such_table");
    assertThat(d.subStatements().get(0).statusAsString()).isEqualTo("FINISHED");
    assertThat(d.subStatements().get(1).statusAsString()).isEqualTo("FAILED");
    assertThat(query("SELECT count(*) FROM rollback_t").get(0).get(0).longValue()).isZero();
  }

  /**
   * Redshift runs every Data API statement in a session of its own. The stand-in reuses PostgreSQL
   * connections, reset first: what a statement leaves in its session (a temporary table, settings,
   * SERIALIZABLE's per-table conflict settings) is not there for the next one, and a connection
   * whose statement failed is not given to another.
   */
  @Test
  void everyStatementHasASessionOfItsOwnThoughConnectionsAreReused() throws Exception {
    long reused = redshift.sessionsReused();
    for (int i = 0; i < 3; i++) {
      DescribeStatementResponse d =
          await(
              batch(
                  "CREATE TEMP TABLE \"tidemark_guard\" AS SELECT 1 AS \"x\"",
                  "SELECT set_config('search_path', 'pg_catalog', false)",
                  "SELECT set_config('statement_timeout', '4321', false)"));
      assertThat(d.status()).as(d.error()).isEqualTo(StatusString.FINISHED);
      List<Field> fresh =
          query(
                  "SELECT to_regclass('pg_temp.tidemark_guard') IS NULL,"
                      + " current_setting('search_path'), current_setting('statement_timeout')")
              .get(0);
      assertThat(fresh.get(0).booleanValue()).as("the temp table is gone").isTrue();
      assertThat(fresh.get(1).stringValue()).isEqualTo("\"$user\", public");
      assertThat(fresh.get(2).stringValue()).isEqualTo("0");
    }
    assertThat(redshift.sessionsReused()).as("connections reused").isGreaterThan(reused + 3);

    redshift.isolation(RedshiftIsolation.SERIALIZABLE);
    try {
      assertThat(query("SELECT current_setting('enable_indexscan')").get(0).get(0).stringValue())
          .isEqualTo("off");
    } finally {
      redshift.isolation(RedshiftIsolation.SNAPSHOT);
    }
    List<Field> snapshot =
        query(
                "SELECT current_setting('enable_indexscan'),"
                    + " current_setting('transaction_isolation')")
            .get(0);
    assertThat(snapshot.get(0).stringValue()).isEqualTo("on");
    assertThat(snapshot.get(1).stringValue()).isEqualTo("repeatable read");

    DescribeStatementResponse ok = await(execute("SELECT 1"));
    DescribeStatementResponse failed = await(execute("SELECT * FROM no_such_table_here"));
    assertThat(failed.status()).isEqualTo(StatusString.FAILED);
    assertThat(failed.redshiftPid())
        .as("a failed statement ran on the kept session")
        .isEqualTo(ok.redshiftPid());
    DescribeStatementResponse after = await(execute("SELECT 1"));
    assertThat(after.redshiftPid())
        .as("the failed statement's session is gone")
        .isNotEqualTo(failed.redshiftPid());
  }

  @Test
  void strictWhereRedshiftIsStricter() throws Exception {
    await(execute("CREATE TABLE strict_t (id INT PRIMARY KEY, v INT)"));
    assertThat(
            await(execute("INSERT INTO strict_t VALUES (1, 1) ON CONFLICT (id) DO NOTHING"))
                .error())
        .contains("CONFLICT");
    assertThat(
            await(
                    execute(
                        "MERGE INTO strict_t USING strict_t s ON strict_t.id = s.id WHEN MATCHED AND s.v = 1 THEN DELETE"
                            + " WHEN MATCHED THEN UPDATE SET v = s.v"))
                .status())
        .isEqualTo(StatusString.FAILED);
    assertThat(await(execute("CREATE TABLE strict_v (a VARCHAR(65536))")).error())
        .contains("65535");
    assertThatThrownBy(
            () ->
                client.batchExecuteStatement(
                    b ->
                        b.workgroupName(RedshiftDataApiComponent.WORKGROUP)
                            .database("dev")
                            .sqls(Collections.nCopies(41, "SELECT 1"))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("40");
    assertThatThrownBy(() -> execute("SELECT '" + "x".repeat(102_400) + "'"))
        .isInstanceOf(ValidationException.class);
    // VARCHAR lengths count bytes: three 2-byte characters do not fit VARCHAR(4).
    await(execute("CREATE TABLE strict_bytes (s VARCHAR(4))"));
    assertThat(await(execute("INSERT INTO strict_bytes VALUES ('ééé')")).status())
        .isEqualTo(StatusString.FAILED);
    assertThat(await(execute("INSERT INTO strict_bytes VALUES ('éé')")).status())
        .isEqualTo(StatusString.FINISHED);
    // A bare DECIMAL column is DECIMAL(18,0): 1.5 is stored as 2, as on Redshift.
    await(execute("CREATE TABLE strict_decimal (d DECIMAL)"));
    assertThat(await(execute("INSERT INTO strict_decimal VALUES (1.5)")).status())
        .isEqualTo(StatusString.FINISHED);
    assertThat(query("SELECT d FROM strict_decimal").get(0).get(0).stringValue()).isEqualTo("2");
    // Redshift does not enforce primary keys: duplicates are accepted.
    assertThat(await(execute("INSERT INTO strict_t VALUES (7, 1), (7, 2)")).status())
        .isEqualTo(StatusString.FINISHED);
  }

  @Test
  void copyFromAGzipManifestInS3() throws Exception {
    try (S3Client s3 = stack.s3().client()) {
      String lines =
          "{\"id\": 1, \"doc\": {\"k\": [1, 2]}, \"note\": \"a\\\\b\", \"ts\": \"2024-01-02 03:04:05.123456\", \"bin\": \"00ff27\"}\n"
              + "{\"id\": 2, \"note\": null, \"extra\": true}\n";
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write(lines.getBytes(StandardCharsets.UTF_8));
      }
      s3.putObject(
          b -> b.bucket(S3Server.BUCKET).key("copy/part-0.json.gz"),
          RequestBody.fromBytes(gz.toByteArray()));
      String manifest =
          "{\"entries\": [{\"url\": \"s3://"
              + S3Server.BUCKET
              + "/copy/part-0.json.gz\", \"mandatory\": true}]}";
      s3.putObject(
          b -> b.bucket(S3Server.BUCKET).key("copy/batch.manifest"),
          RequestBody.fromString(manifest));
    }
    String id =
        batch(
            "CREATE TABLE copy_t (id BIGINT, doc SUPER, note VARCHAR(100), ts TIMESTAMP, bin VARBYTE(10))",
            "COPY copy_t (id, doc, note, ts, bin) FROM 's3://"
                + S3Server.BUCKET
                + "/copy/batch.manifest' IAM_ROLE '"
                + RedshiftDataApiComponent.IAM_ROLE
                + "' FORMAT AS JSON 'auto' GZIP MANIFEST TIMEFORMAT 'auto'");
    DescribeStatementResponse d = await(id);
    assertThat(d.status()).as(d.error()).isEqualTo(StatusString.FINISHED);
    assertThat(d.subStatements().get(1).resultRows()).isEqualTo(2L);
    List<List<Field>> rows =
        query("SELECT id, doc::text, note, ts::text, bin FROM copy_t ORDER BY id");
    assertThat(rows.get(0).get(4).blobValue().asByteArray()).containsExactly(0x00, 0xff, 0x27);
    assertThat(rows.get(0).get(1).stringValue()).isEqualTo("{\"k\": [1, 2]}");
    assertThat(rows.get(0).get(2).stringValue()).isEqualTo("a\\b");
    assertThat(rows.get(0).get(3).stringValue()).isEqualTo("2024-01-02 03:04:05.123456");
    assertThat(rows.get(1).get(2).isNull()).isTrue();

    DescribeStatementResponse missing =
        await(
            batch(
                "COPY copy_t FROM 's3://"
                    + S3Server.BUCKET
                    + "/copy/none.manifest' IAM_ROLE 'r'"
                    + " JSON 'auto' MANIFEST"));
    assertThat(missing.status()).isEqualTo(StatusString.FAILED);
    assertThat(missing.error()).contains("Manifest");
  }

  @Test
  void faultsThrottleFailAndSlowDownStatements() throws Exception {
    redshift.faults().throttleNextRequests(1);
    assertThatThrownBy(() -> noRetryClient.listStatements(b -> b.maxResults(1)))
        .isInstanceOfSatisfying(
            RedshiftDataException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    redshift.faults().throttleNextRequests(1);
    assertThat(client.listStatements(b -> b.maxResults(1)).statements()).isNotNull();

    redshift.faults().failNextStatement("ERROR: injected disk full");
    assertThat(await(execute("SELECT 1")).error()).isEqualTo("ERROR: injected disk full");

    redshift.faults().slowStatements(Duration.ofSeconds(30));
    try {
      String id = execute("SELECT 1");
      Thread.sleep(200);
      assertThat(client.describeStatement(b -> b.id(id)).status()).isEqualTo(StatusString.STARTED);
      assertThat(client.cancelStatement(b -> b.id(id)).status()).isTrue();
      assertThat(await(id).status()).isEqualTo(StatusString.ABORTED);
      assertThatThrownBy(() -> client.cancelStatement(b -> b.id(id)))
          .isInstanceOf(ValidationException.class);
    } finally {
      redshift.faults().reset();
    }
  }

  @Test
  void parametersAndResultPaging() throws Exception {
    String id =
        client
            .executeStatement(
                b ->
                    b.workgroupName(RedshiftDataApiComponent.WORKGROUP)
                        .database("dev")
                        .sql(
                            "SELECT g, 'v' || g AS label, g % 2 = 0 AS even FROM generate_series(1, :n) g")
                        .parameters(SqlParameter.builder().name("n").value("2500").build()))
            .id();
    assertThat(await(id).resultRows()).isEqualTo(2500L);
    int total = 0;
    String token = null;
    int pages = 0;
    do {
      String page = token;
      var result = client.getStatementResult(b -> b.id(id).nextToken(page));
      total += result.records().size();
      assertThat(result.columnMetadata())
          .extracting(c -> c.name())
          .containsExactly("g", "label", "even");
      token = result.nextToken();
      pages++;
    } while (token != null);
    assertThat(total).isEqualTo(2500);
    assertThat(pages).isEqualTo(3);
  }

  private static void putObject(String key, String body) {
    try (S3Client s3 = stack.s3().client()) {
      s3.putObject(b -> b.bucket(S3Server.BUCKET).key(key), RequestBody.fromString(body));
    }
  }

  private static String q(String name) {
    return '"' + name + '"';
  }

  /** The Redshift sink's catalog query, as DdlBuilder.existingColumnsQuery writes it. */
  private static List<String> sinkCatalogColumns(String table) throws InterruptedException {
    return query(
            "SELECT column_name, data_type, character_maximum_length, numeric_precision,"
                + " numeric_scale, is_nullable FROM information_schema.columns WHERE table_schema"
                + " = 'public' AND table_name = '"
                + table
                + "' ORDER BY ordinal_position")
        .stream()
        .map(r -> r.get(0).stringValue())
        .toList();
  }

  @Test
  void namesOf64And127BytesWorkInDdlDmlCopyCatalogsResultsAndErrors() throws Exception {
    String col64 = "customer_" + "b".repeat(54) + "1";
    String col127 = "c".repeat(120) + "_amount";
    assertThat(col64).hasSize(64);
    assertThat(col127.getBytes(StandardCharsets.UTF_8)).hasSize(127);
    for (String table :
        List.of("orders_" + "a".repeat(56) + "1", "t_" + "\u00e9".repeat(62) + "z")) {
      assertThat(table.getBytes(StandardCharsets.UTF_8).length).isIn(64, 127);
      String qualified = "\"public\"." + q(table);
      DescribeStatementResponse created =
          await(
              execute(
                  "CREATE TABLE IF NOT EXISTS "
                      + qualified
                      + " (\"id\" BIGINT, "
                      + q(col64)
                      + " VARCHAR(20))"));
      assertThat(created.status()).as(created.error()).isEqualTo(StatusString.FINISHED);
      assertThat(sinkCatalogColumns(table)).containsExactly("id", col64);

      String alter = "ALTER TABLE " + qualified + " ADD COLUMN " + q(col127) + " BIGINT";
      DescribeStatementResponse altered = await(execute(alter));
      assertThat(altered.status()).as(altered.error()).isEqualTo(StatusString.FINISHED);
      assertThat(sinkCatalogColumns(table)).containsExactly("id", col64, col127);
      DescribeStatementResponse again = await(execute(alter));
      assertThat(again.status()).isEqualTo(StatusString.FAILED);
      assertThat(again.error())
          .contains("already exists")
          .contains(col127)
          .doesNotContain(LongIdentifiers.toPostgres(col127));

      String insert =
          "INSERT INTO "
              + qualified
              + " (\"id\", "
              + q(col64)
              + ", "
              + q(col127)
              + ") VALUES (1, 'inserted', 10)";
      DescribeStatementResponse inserted = await(execute(insert));
      assertThat(inserted.status()).as(inserted.error()).isEqualTo(StatusString.FINISHED);

      String key = "long-names/" + table.length() + ".json";
      putObject(
          key,
          "{\"id\": 2, \""
              + col64
              + "\": \"copied\", \""
              + col127
              + "\": 20}\n{\"id\": 3, \""
              + col127
              + "\": 30}\n");
      DescribeStatementResponse copied =
          await(
              execute(
                  "COPY "
                      + qualified
                      + " ("
                      + q("id")
                      + ", "
                      + q(col64)
                      + ", "
                      + q(col127)
                      + ") FROM 's3://"
                      + S3Server.BUCKET
                      + "/"
                      + key
                      + "' IAM_ROLE '"
                      + RedshiftDataApiComponent.IAM_ROLE
                      + "' FORMAT AS JSON 'auto'"));
      assertThat(copied.status()).as(copied.error()).isEqualTo(StatusString.FINISHED);
      assertThat(copied.resultRows()).isEqualTo(2L);

      String select =
          "SELECT \"id\", " + q(col64) + ", " + q(col127) + " FROM " + qualified + " ORDER BY 1";
      String id = execute(select);
      assertThat(await(id).status()).isEqualTo(StatusString.FINISHED);
      var result = client.getStatementResult(b -> b.id(id));
      assertThat(result.columnMetadata())
          .extracting(c -> c.name())
          .containsExactly("id", col64, col127);
      assertThat(result.records()).hasSize(3);
      assertThat(result.records().get(0).get(1).stringValue()).isEqualTo("inserted");
      assertThat(result.records().get(1).get(1).stringValue()).isEqualTo("copied");
      assertThat(result.records().get(2).get(1).isNull()).isTrue();
      assertThat(result.records())
          .extracting(r -> r.get(2).longValue())
          .containsExactly(10L, 20L, 30L);
      // The catalog lists the table under its own name too.
      assertThat(
              query(
                      "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                          + " 'public' AND table_name = '"
                          + table
                          + "'")
                  .get(0)
                  .get(0)
                  .stringValue())
          .isEqualTo(table);
    }
  }

  @Test
  void namesOver127BytesAreTruncatedAsOnRedshift() throws Exception {
    String written = "x".repeat(130);
    String stored = "x".repeat(127);
    DescribeStatementResponse d =
        await(
            batch(
                "CREATE TABLE " + q(written) + " (v INT)",
                "INSERT INTO " + q(stored) + " VALUES (1)"));
    assertThat(d.status()).as(d.error()).isEqualTo(StatusString.FINISHED);
    assertThat(query("SELECT v FROM " + q("x".repeat(140))).get(0).get(0).longValue())
        .isEqualTo(1L);
    assertThat(
            query(
                "SELECT table_name FROM information_schema.tables WHERE table_name = '"
                    + stored
                    + "'"))
        .extracting(r -> r.get(0).stringValue())
        .containsExactly(stored);
    // As on Redshift, the catalog holds the truncated name: the long one matches nothing.
    assertThat(
            query(
                "SELECT table_name FROM information_schema.tables WHERE table_name = '"
                    + written
                    + "'"))
        .isEmpty();
  }

  @Test
  void copyKeepsNumbersExactAndRefusesWhatDoesNotFit() throws Exception {
    putObject(
        "numbers/part-0.json",
        "{\"d\": 1234567890123456789012345678.1234567890, \"b\": 9223372036854775807,"
            + " \"u\": 18446744073709551615}\n"
            + "{\"d\": -9999999999999999999999999999.9999999999, \"b\": -9223372036854775808,"
            + " \"u\": 0}\n"
            + "{\"d\": 0.0000000001, \"b\": 1, \"u\": 99999999999999999999}\n");
    String copy =
        " FROM 's3://"
            + S3Server.BUCKET
            + "/%s' IAM_ROLE '"
            + RedshiftDataApiComponent.IAM_ROLE
            + "' FORMAT AS JSON 'auto'";
    DescribeStatementResponse d =
        await(
            batch(
                "CREATE TABLE copy_numbers (d DECIMAL(38,10), b BIGINT, u DECIMAL(20,0))",
                "COPY copy_numbers" + copy.formatted("numbers/part-0.json")));
    assertThat(d.status()).as(d.error()).isEqualTo(StatusString.FINISHED);
    List<List<Field>> rows = query("SELECT d, b, u FROM copy_numbers ORDER BY b DESC");
    assertThat(rows.get(0).get(0).stringValue())
        .isEqualTo("1234567890123456789012345678.1234567890");
    assertThat(rows.get(0).get(1).longValue()).isEqualTo(Long.MAX_VALUE);
    assertThat(rows.get(0).get(2).stringValue()).isEqualTo("18446744073709551615");
    assertThat(rows.get(1).get(0).stringValue()).isEqualTo("0.0000000001");
    assertThat(rows.get(1).get(2).stringValue()).isEqualTo("99999999999999999999");
    assertThat(rows.get(2).get(0).stringValue())
        .isEqualTo("-9999999999999999999999999999.9999999999");
    assertThat(rows.get(2).get(1).longValue()).isEqualTo(Long.MIN_VALUE);

    // 21 digits do not fit DECIMAL(20,0); 2^63 does not fit BIGINT: the COPY fails, loads nothing.
    putObject("numbers/too-wide.json", "{\"d\": 1, \"b\": 2, \"u\": 123456789012345678901}\n");
    putObject("numbers/too-big.json", "{\"d\": 1, \"b\": 9223372036854775808, \"u\": 1}\n");
    putObject(
        "numbers/too-many-integer-digits.json",
        "{\"d\": 12345678901234567890123456789, \"b\": 3, \"u\": 1}\n");
    for (String key :
        List.of(
            "numbers/too-wide.json",
            "numbers/too-big.json",
            "numbers/too-many-integer-digits.json")) {
      DescribeStatementResponse failed = await(execute("COPY copy_numbers" + copy.formatted(key)));
      assertThat(failed.status()).as(key).isEqualTo(StatusString.FAILED);
      assertThat(failed.error())
          .startsWith("ERROR: Load into table 'copy_numbers' failed.")
          .contains("stl_load_errors")
          .contains(key);
    }
    assertThat(query("SELECT count(*) FROM copy_numbers").get(0).get(0).longValue()).isEqualTo(3L);
  }
}
