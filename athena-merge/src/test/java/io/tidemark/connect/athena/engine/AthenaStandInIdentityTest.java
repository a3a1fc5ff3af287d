package io.tidemark.connect.athena.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.stack.athena.AthenaComponent;
import io.tidemark.stack.athena.AthenaFaults;
import io.tidemark.stack.athena.AthenaService;
import io.tidemark.stack.athena.AthenaSqlTranslator;
import io.tidemark.stack.aws.AwsJsonServer;
import io.tidemark.stack.component.TrinoRest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * Statement identity through the real SDK client, {@link AthenaQueryEngine} and {@link
 * RetryingRunner} against the Athena stand-in's service (aws-standins) over HTTP, with a fake Trino
 * that records what ran: a lost StartQueryExecution reply, injected cancellations and failures, and
 * "restarts" (a new engine and runner, as a restarted task builds them).
 */
class AthenaStandInIdentityTest {

  private static final String SQL = "INSERT INTO t SELECT 1";
  private static final String PURPOSE = "merge:t:0123456789abcdef";

  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final AthenaFaults faults = new AthenaFaults();
  private final List<AthenaClient> clients = new ArrayList<>();
  private AthenaService service;
  private AwsJsonServer server;

  @BeforeEach
  void start() throws Exception {
    AthenaService.Trino trino =
        new AthenaService.Trino() {
          @Override
          public TrinoRest.Result run(
              String sql, String catalog, String schema, Consumer<String> started) {
            if (sql.contains("information_schema")) {
              return new TrinoRest.Result(
                  "i", List.of("c"), List.of("bigint"), List.of(List.of("0")), 0, 0, null);
            }
            if (!sql.contains("tidemark_start_marker")) {
              ran.add(sql);
            }
            return new TrinoRest.Result("q", List.of(), List.of(), List.of(), 10, 1, 1L);
          }

          @Override
          public void cancel(String queryId) {}
        };
    service =
        new AthenaService(
            trino,
            new AthenaSqlTranslator(AthenaComponent.CATALOG, "hive", "iceberg"),
            faults,
            Set.of(AthenaComponent.WORKGROUP),
            Clock.systemUTC());
    server = new AwsJsonServer().register(service).start(0);
  }

  @AfterEach
  void stop() {
    clients.forEach(AthenaClient::close);
    server.close();
    service.close();
  }

  /** What a task start builds: a new client, engine and runner. */
  private RetryingRunner newRun() {
    AthenaClient client =
        AthenaClients.create(
            Optional.of("us-east-1"),
            Optional.of(URI.create(server.endpoint())),
            Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))));
    clients.add(client);
    AthenaQueryEngine engine =
        new AthenaQueryEngine(
            client,
            new AthenaSettings(
                AthenaComponent.WORKGROUP,
                Optional.of("s3://results/"),
                AthenaComponent.CATALOG,
                "lake",
                new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)),
                Duration.ofMinutes(1)),
            Sleeper.system(),
            Clock.systemUTC());
    return new RetryingRunner(
        engine,
        3,
        new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)),
        Sleeper.system(),
        () -> 0.5);
  }

  private long merges() {
    return ran.stream().filter(s -> s.startsWith("INSERT")).count();
  }

  @Test
  void aLostStartReplyIsResentWithTheSameTokenAndTheStatementRunsOnce() {
    faults.loseNextResponses(1, "INSERT");
    newRun().run(PURPOSE, SQL);
    assertThat(faults.injected()).isEqualTo(1);
    assertThat(merges()).isEqualTo(1);
  }

  @Test
  void aLostReplyOfAnExecutionThatFailedMovesToANewToken() {
    faults.loseNextResponses(1, "INSERT");
    faults.failNextQueries(1, "ICEBERG_COMMIT_ERROR", "INSERT");
    newRun().run(PURPOSE, SQL);
    assertThat(faults.injected()).isEqualTo(2);
    assertThat(merges()).isEqualTo(1);
  }

  @Test
  void aCancelledStatementProceedsWithANewTokenAfterARestartAndRunsOnce() {
    faults.cancelNextQueries(1, "INSERT");
    assertThatThrownBy(() -> newRun().run(PURPOSE, SQL))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.CANCELLED));
    assertThat(merges()).isZero();

    QueryResult restarted = newRun().run(PURPOSE, SQL);
    assertThat(merges()).isEqualTo(1);
    // A second restart finds the succeeded execution of the new token: nothing runs again.
    assertThat(newRun().run(PURPOSE, SQL).queryId()).isEqualTo(restarted.queryId());
    assertThat(merges()).isEqualTo(1);
  }

  @Test
  void aFailedStatementProceedsWithANewTokenAfterARestart() {
    faults.failNextQueries(1, "TABLE_NOT_FOUND: injected", "INSERT");
    assertThatThrownBy(() -> newRun().run(PURPOSE, SQL))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.FATAL));
    newRun().run(PURPOSE, SQL);
    assertThat(merges()).isEqualTo(1);
  }

  @Test
  void anEarlierRunsExecutionThatStillRunsIsAwaitedNotStartedAgain() throws Exception {
    faults.slowQueries(Duration.ofMillis(800));
    CompletableFuture<QueryResult> earlier =
        CompletableFuture.supplyAsync(() -> newRun().run(PURPOSE, SQL));
    Thread.sleep(300);
    QueryResult now = newRun().run(PURPOSE, SQL);
    assertThat(earlier.get(10, TimeUnit.SECONDS).queryId()).isEqualTo(now.queryId());
    assertThat(merges()).isEqualTo(1);
  }
}
