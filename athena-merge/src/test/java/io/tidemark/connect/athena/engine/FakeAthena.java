package io.tidemark.connect.athena.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.QueryExecution;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionResponse;

/** An AthenaClient that replays scripted executions and records requests. */
final class FakeAthena implements AthenaClient {

  final List<StartQueryExecutionRequest> starts = new ArrayList<>();
  final List<String> stopped = new ArrayList<>();
  final Deque<Object> startResults = new ArrayDeque<>();
  final Deque<Object> polls = new ArrayDeque<>();

  /** Start markers ({@link AthenaQueryEngine#START_MARKER_SQL}): answered apart from the script. */
  final List<StartQueryExecutionRequest> markers = new ArrayList<>();

  /** Athena's submission time of the start markers. */
  Instant markerSubmitted = Instant.parse("2026-11-21T00:00:00Z");

  @Override
  public StartQueryExecutionResponse startQueryExecution(StartQueryExecutionRequest request) {
    if (request.queryString().equals(AthenaQueryEngine.START_MARKER_SQL)) {
      markers.add(request);
      return StartQueryExecutionResponse.builder().queryExecutionId("marker").build();
    }
    starts.add(request);
    Object next = startResults.isEmpty() ? "q-" + starts.size() : startResults.poll();
    if (next instanceof RuntimeException e) {
      throw e;
    }
    return StartQueryExecutionResponse.builder().queryExecutionId((String) next).build();
  }

  @Override
  public GetQueryExecutionResponse getQueryExecution(GetQueryExecutionRequest request) {
    if (request.queryExecutionId().equals("marker")) {
      return GetQueryExecutionResponse.builder()
          .queryExecution(
              q ->
                  q.queryExecutionId("marker")
                      .status(
                          st ->
                              st.state(QueryExecutionState.QUEUED)
                                  .submissionDateTime(markerSubmitted)))
          .build();
    }
    Object next = polls.poll();
    if (next instanceof RuntimeException e) {
      throw e;
    }
    QueryExecution q =
        ((QueryExecution) next).toBuilder().queryExecutionId(request.queryExecutionId()).build();
    return GetQueryExecutionResponse.builder().queryExecution(q).build();
  }

  @Override
  public StopQueryExecutionResponse stopQueryExecution(StopQueryExecutionRequest request) {
    stopped.add(request.queryExecutionId());
    return StopQueryExecutionResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return "athena";
  }

  @Override
  public void close() {}
}
