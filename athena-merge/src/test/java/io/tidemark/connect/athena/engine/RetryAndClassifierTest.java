package io.tidemark.connect.athena.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryAndClassifierTest {

  /** Fails with the scripted classes and outcomes, then succeeds; records tokens. */
  private static final class ScriptedEngine implements QueryEngine {
    final Deque<QueryException> failures = new ArrayDeque<>();
    final List<String> tokens = new ArrayList<>();

    ScriptedEngine fail(ErrorClass c, QueryException.Outcome outcome) {
      failures.add(new QueryException(c, outcome, "q", "scripted " + c + " " + outcome, null));
      return this;
    }

    @Override
    public QueryResult execute(String sql, String requestToken) {
      tokens.add(requestToken);
      QueryException e = failures.poll();
      if (e != null) {
        throw e;
      }
      return new QueryResult("q", 1, Duration.ZERO);
    }

    @Override
    public void cancelAll() {}

    @Override
    public void close() {}
  }

  private final ScriptedEngine engine = new ScriptedEngine();
  private final List<Duration> sleeps = new ArrayList<>();

  private RetryingRunner runner(int maxAttempts) {
    return new RetryingRunner(
        engine,
        maxAttempts,
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)),
        sleeps::add,
        () -> 0.5);
  }

  private static String suffix(String token) {
    return token.substring(token.lastIndexOf('-'));
  }

  @Test
  void anExecutionThatEndedIsRetriedWithJitteredBackoffAndANewToken() {
    engine.fail(ErrorClass.RETRYABLE, QueryException.Outcome.ENDED);
    engine.fail(ErrorClass.RETRYABLE, QueryException.Outcome.ENDED);
    runner(5).run("merge:users", "MERGE 1");
    assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
    assertThat(engine.tokens).map(RetryAndClassifierTest::suffix).containsExactly("-0", "-1", "-2");
    assertThat(engine.tokens.get(0)).startsWith(engine.tokens.get(2).substring(0, 60));
  }

  @Test
  void aLostReplyIsResentWithTheSameToken() {
    // The server may already run the execution: a new token would start a second one.
    engine.fail(ErrorClass.RETRYABLE, QueryException.Outcome.UNANSWERED);
    engine.fail(ErrorClass.RETRYABLE, QueryException.Outcome.UNANSWERED);
    runner(5).run("merge:users", "MERGE 1");
    assertThat(engine.tokens).hasSize(3).containsOnly(engine.tokens.get(0));
    assertThat(engine.tokens.get(0)).endsWith("-0");
    assertThat(sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void aLostReplyWhoseExecutionThenTurnsOutFailedMovesToTheNextToken() {
    engine.fail(ErrorClass.RETRYABLE, QueryException.Outcome.UNANSWERED);
    engine.fail(ErrorClass.RETRYABLE, QueryException.Outcome.ENDED);
    engine.fail(ErrorClass.RETRYABLE, QueryException.Outcome.UNANSWERED);
    runner(5).run("merge:users", "MERGE 1");
    assertThat(engine.tokens)
        .map(RetryAndClassifierTest::suffix)
        .containsExactly("-0", "-0", "-1", "-1");
  }

  @Test
  void executionsOfEarlierRunsThatEndedAreSkippedAtOnceWhateverTheirError() {
    // A restart replays the batch: its earlier tokens were cancelled (stop, timeout) or failed.
    engine.fail(ErrorClass.CANCELLED, QueryException.Outcome.INHERITED);
    engine.fail(ErrorClass.FATAL, QueryException.Outcome.INHERITED);
    engine.fail(ErrorClass.RETRYABLE, QueryException.Outcome.INHERITED);
    runner(1).run("merge:users", "MERGE 1");
    assertThat(engine.tokens)
        .map(RetryAndClassifierTest::suffix)
        .containsExactly("-0", "-1", "-2", "-3");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void thisRunsOwnFailureAfterSkippedOnesIsReported() {
    engine.fail(ErrorClass.CANCELLED, QueryException.Outcome.INHERITED);
    engine.fail(ErrorClass.CANCELLED, QueryException.Outcome.ENDED);
    assertThatThrownBy(() -> runner(5).run("merge:users", "MERGE 1"))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> {
              assertThat(e.errorClass()).isEqualTo(ErrorClass.CANCELLED);
              assertThat(e.outcome()).isEqualTo(QueryException.Outcome.ENDED);
            });
    assertThat(engine.tokens).map(RetryAndClassifierTest::suffix).containsExactly("-0", "-1");
  }

  @Test
  void anEarlierRunsSplitIsPassedOnSoTheCallerMakesSmallerStatements() {
    engine.fail(ErrorClass.SPLIT, QueryException.Outcome.INHERITED);
    assertThatThrownBy(() -> runner(5).run("merge:users", "MERGE 1"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.SPLIT));
    assertThat(engine.tokens).hasSize(1);
  }

  @Test
  void fatalAndSplitFailAtOnceAndAttemptsAreBounded() {
    RetryingRunner runner =
        new RetryingRunner(
            engine,
            3,
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)),
            sleeps::add,
            () -> 0);
    engine.fail(ErrorClass.FATAL, QueryException.Outcome.ENDED);
    assertThatThrownBy(() -> runner.run("p", "s")).isInstanceOf(QueryException.class);
    assertThat(engine.tokens).hasSize(1);
    engine.fail(ErrorClass.SPLIT, QueryException.Outcome.ENDED);
    assertThatThrownBy(() -> runner.run("p", "s"))
        .isInstanceOfSatisfying(
            QueryException.class, e -> assertThat(e.errorClass()).isEqualTo(ErrorClass.SPLIT));
    engine.tokens.clear();
    for (int i = 0; i < 5; i++) {
      engine.fail(ErrorClass.RETRYABLE, QueryException.Outcome.UNANSWERED);
    }
    assertThatThrownBy(() -> runner.run("p", "s")).isInstanceOf(QueryException.class);
    assertThat(engine.tokens).hasSize(3);
  }

  @Test
  void backoffCapsAndJitter() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(b.capped(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.capped(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(b.capped(4)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.capped(500)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.jittered(3, () -> 0.25)).isEqualTo(Duration.ofMillis(200));
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void trinoErrors() {
    assertThat(
            TrinoErrors.classify(
                new SQLException("Query failed (#1): Failed to commit Iceberg update to table")))
        .isEqualTo(ErrorClass.RETRYABLE);
    assertThat(TrinoErrors.classify(new SQLTransientConnectionException("reset")))
        .isEqualTo(ErrorClass.RETRYABLE);
    assertThat(
            TrinoErrors.classify(
                new SQLException("Query failed (#2): line 1:1: Table 'x' does not exist")))
        .isEqualTo(ErrorClass.FATAL);
    assertThat(TrinoErrors.classify(new SQLException("Query failed (#3): Query was canceled")))
        .isEqualTo(ErrorClass.CANCELLED);
    // As trino-jdbc reports it (seen in TrinoMergeIT): no error name in the message.
    assertThat(
            TrinoErrors.classify(
                new SQLException(
                    "Query failed (#20261121_223012_00042_x7k2p): Exceeded limit of 100 open writers for partitions: 101")))
        .isEqualTo(ErrorClass.TOO_MANY_PARTITIONS);
  }
}
