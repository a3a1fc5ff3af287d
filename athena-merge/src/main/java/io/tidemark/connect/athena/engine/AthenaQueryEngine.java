package io.tidemark.connect.athena.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

/**
 * {@link QueryEngine} on Athena: StartQueryExecution with the request token, then GetQueryExecution
 * with backoff until the query leaves QUEUED/RUNNING.
 *
 * <p>Failures say what they mean for the token ({@link QueryException.Outcome}): a failed
 * StartQueryExecution is {@code UNANSWERED} (the execution may exist: resend the token); an
 * execution that ended FAILED or CANCELLED is {@code ENDED}, or {@code INHERITED} when it was
 * submitted before this engine's start marker. The marker is a {@code SELECT 1} with a random token
 * that the engine starts before its first statement (not awaited): its SubmissionDateTime is
 * Athena's own clock, so telling an earlier run's executions from this one's needs no clock
 * agreement between the worker and Athena.
 */
public final class AthenaQueryEngine implements QueryEngine {

  private static final Logger LOG = LoggerFactory.getLogger(AthenaQueryEngine.class);

  private final AthenaClient client;
  private final AthenaSettings settings;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  /** The start marker's text, so that it is recognisable in the query history. */
  public static final String START_MARKER_SQL = "SELECT 1 AS tidemark_start_marker";

  /** Athena's time of the start marker; empty when Athena did not report it. Null: not yet. */
  private Optional<Instant> since;

  public AthenaQueryEngine(
      AthenaClient client, AthenaSettings settings, Sleeper sleeper, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public QueryResult execute(String sql, String requestToken) {
    if (cancelled) {
      throw new QueryException(
          ErrorClass.CANCELLED,
          QueryException.Outcome.UNANSWERED,
          null,
          "engine is stopping",
          null);
    }
    Optional<Instant> earlierRunsBefore = startMarker();
    Instant started = clock.instant();
    String id = start(sql, requestToken);
    running.add(id);
    try {
      return await(id, started, earlierRunsBefore);
    } finally {
      running.remove(id);
    }
  }

  /**
   * Athena's time before which executions belong to earlier runs: the submission time of a marker
   * query this engine starts once, before any statement of its own. A failure leaves it unset (the
   * next statement tries again) and is {@code UNANSWERED}: the statement's token was not sent.
   */
  private synchronized Optional<Instant> startMarker() {
    if (since != null) {
      return since;
    }
    String id = start(START_MARKER_SQL, "tm-start-marker-" + UUID.randomUUID());
    try {
      QueryExecutionStatus status =
          client.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution().status();
      Instant submitted = status == null ? null : status.submissionDateTime();
      since = Optional.ofNullable(submitted);
      if (submitted == null) {
        LOG.warn(
            "Athena reported no submission time for the start marker {}: failed executions of"
                + " earlier runs cannot be told apart and will fail this run again",
            id);
      }
      return since;
    } catch (SdkException e) {
      throw new QueryException(
          AthenaErrors.classify(e),
          QueryException.Outcome.UNANSWERED,
          id,
          "GetQueryExecution of the start marker " + id + " failed: " + e.getMessage(),
          e);
    }
  }

  /** Runs the query, then pages through GetQueryResults (the first row is the header). */
  @Override
  public List<List<String>> query(String sql, String requestToken) {
    String id = execute(sql, requestToken).queryId();
    List<List<String>> rows = new ArrayList<>();
    String next = null;
    boolean header = true;
    try {
      do {
        String token = next;
        GetQueryResultsResponse page =
            client.getQueryResults(r -> r.queryExecutionId(id).nextToken(token).maxResults(1000));
        for (Row row : page.resultSet().rows()) {
          if (header) {
            header = false;
            continue;
          }
          rows.add(row.data().stream().map(Datum::varCharValue).toList());
        }
        next = page.nextToken();
      } while (next != null);
    } catch (SdkException e) {
      // The execution succeeded: resending its token returns it, and the rows are read again.
      throw new QueryException(
          AthenaErrors.classify(e),
          QueryException.Outcome.UNANSWERED,
          id,
          "GetQueryResults " + id + " failed: " + e.getMessage(),
          e);
    }
    return rows;
  }

  private String start(String sql, String requestToken) {
    StartQueryExecutionRequest.Builder request =
        StartQueryExecutionRequest.builder()
            .queryString(sql)
            .clientRequestToken(requestToken)
            .workGroup(settings.workgroup())
            .queryExecutionContext(
                c -> c.catalog(settings.catalog()).database(settings.database()));
    settings.outputLocation().ifPresent(l -> request.resultConfiguration(r -> r.outputLocation(l)));
    try {
      return client.startQueryExecution(request.build()).queryExecutionId();
    } catch (SdkException e) {
      // A reply may be lost after Athena started the query: only the same token is safe to resend.
      throw new QueryException(
          AthenaErrors.classify(e),
          QueryException.Outcome.UNANSWERED,
          null,
          "StartQueryExecution failed: " + e.getMessage(),
          e);
    }
  }

  private QueryResult await(String id, Instant started, Optional<Instant> earlierRunsBefore) {
    for (int poll = 0; ; poll++) {
      QueryExecution execution;
      try {
        execution = client.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution();
      } catch (SdkException e) {
        ErrorClass c = AthenaErrors.classify(e);
        if (c != ErrorClass.RETRYABLE) {
          throw new QueryException(
              c,
              QueryException.Outcome.UNANSWERED,
              id,
              "GetQueryExecution " + id + " failed: " + e.getMessage(),
              e);
        }
        LOG.debug("GetQueryExecution {} failed, polling again: {}", id, e.getMessage());
        execution = null;
      }
      if (execution != null) {
        QueryExecutionStatus status = execution.status();
        switch (status.state()) {
          case SUCCEEDED -> {
            Long scanned =
                execution.statistics() == null ? null : execution.statistics().dataScannedInBytes();
            return new QueryResult(
                id, scanned == null ? -1 : scanned, Duration.between(started, clock.instant()));
          }
          case FAILED ->
              throw new QueryException(
                  AthenaErrors.classify(status.athenaError(), status.stateChangeReason()),
                  outcome(status, earlierRunsBefore),
                  id,
                  "query "
                      + id
                      + " failed: "
                      + AthenaErrors.describe(status.athenaError(), status.stateChangeReason()),
                  null);
          case CANCELLED ->
              throw new QueryException(
                  ErrorClass.CANCELLED,
                  outcome(status, earlierRunsBefore),
                  id,
                  "query " + id + " was cancelled",
                  null);
          default -> {
            // QUEUED, RUNNING or a state this SDK does not know: keep polling.
          }
        }
      }
      if (cancelled
          || Duration.between(started, clock.instant()).compareTo(settings.timeout()) > 0) {
        stop(id);
        throw new QueryException(
            ErrorClass.CANCELLED,
            id,
            "query "
                + id
                + (cancelled ? " cancelled on stop" : " timed out after " + settings.timeout()),
            null);
      }
      try {
        sleeper.sleep(settings.poll().capped(poll));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop(id);
        throw new QueryException(
            ErrorClass.CANCELLED, id, "interrupted while waiting for query " + id, e);
      }
    }
  }

  /** INHERITED when the execution was submitted before this engine's start marker. */
  private static QueryException.Outcome outcome(
      QueryExecutionStatus status, Optional<Instant> earlierRunsBefore) {
    Instant submitted = status.submissionDateTime();
    return submitted != null
            && earlierRunsBefore.isPresent()
            && submitted.isBefore(earlierRunsBefore.get())
        ? QueryException.Outcome.INHERITED
        : QueryException.Outcome.ENDED;
  }

  @Override
  public void cancelAll() {
    cancelled = true;
    running.forEach(this::stop);
  }

  private void stop(String id) {
    try {
      client.stopQueryExecution(r -> r.queryExecutionId(id));
      LOG.info("stopped Athena query {}", id);
    } catch (SdkException e) {
      LOG.warn("could not stop Athena query {}: {}", id, e.getMessage());
    }
  }

  @Override
  public void close() {
    cancelAll();
    client.close();
  }
}
