package io.tidemark.connect.redshift.dataapi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.CancelStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.CancelStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultRequest;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.RedshiftDataException;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/** A scripted in-memory RedshiftDataClient: records requests, replays queued outcomes. */
final class FakeDataClient implements RedshiftDataClient {
  final List<BatchExecuteStatementRequest> batches = new ArrayList<>();
  final List<ExecuteStatementRequest> executes = new ArrayList<>();
  final List<String> cancelled = new ArrayList<>();
  final Deque<RuntimeException> submitFailures = new ArrayDeque<>();
  final Deque<DescribeStatementResponse> statuses = new ArrayDeque<>();
  final Deque<GetStatementResultResponse> results = new ArrayDeque<>();

  /** What DescribeStatement answers once a statement was cancelled (the last one repeats). */
  final Deque<DescribeStatementResponse> afterCancel = new ArrayDeque<>();

  /** Failures of the next DescribeStatement calls (a lost reply). */
  final Deque<RuntimeException> describeFailures = new ArrayDeque<>();

  /** Every call in order: "batch <token>", "execute", "describe <status>", "cancel". */
  final List<String> calls = new ArrayList<>();

  int describes;

  static RuntimeException throttling() {
    return RedshiftDataException.builder()
        .statusCode(400)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode("ThrottlingException")
                .errorMessage("Rate exceeded")
                .build())
        .message("Rate exceeded")
        .build();
  }

  static DescribeStatementResponse status(StatusString s, String error) {
    return DescribeStatementResponse.builder()
        .id("st-1")
        .status(s)
        .error(error)
        .hasResultSet(s == StatusString.FINISHED)
        .build();
  }

  @Override
  public BatchExecuteStatementResponse batchExecuteStatement(BatchExecuteStatementRequest request) {
    batches.add(request);
    calls.add("batch " + request.clientToken());
    if (!submitFailures.isEmpty()) {
      throw submitFailures.poll();
    }
    return BatchExecuteStatementResponse.builder().id("st-1").build();
  }

  @Override
  public ExecuteStatementResponse executeStatement(ExecuteStatementRequest request) {
    executes.add(request);
    calls.add("execute");
    return ExecuteStatementResponse.builder().id("st-1").build();
  }

  @Override
  public DescribeStatementResponse describeStatement(DescribeStatementRequest request) {
    describes++;
    if (!describeFailures.isEmpty()) {
      calls.add("describe lost");
      throw describeFailures.poll();
    }
    DescribeStatementResponse d;
    if (!cancelled.isEmpty() && !afterCancel.isEmpty()) {
      d = afterCancel.size() > 1 ? afterCancel.poll() : afterCancel.peek();
    } else {
      d = statuses.size() > 1 ? statuses.poll() : statuses.peek();
    }
    calls.add("describe " + d.status());
    return d;
  }

  @Override
  public DescribeStatementResponse describeStatement(
      Consumer<DescribeStatementRequest.Builder> request) {
    return describeStatement(DescribeStatementRequest.builder().applyMutation(request).build());
  }

  @Override
  public GetStatementResultResponse getStatementResult(
      Consumer<GetStatementResultRequest.Builder> request) {
    return results.poll();
  }

  @Override
  public CancelStatementResponse cancelStatement(Consumer<CancelStatementRequest.Builder> request) {
    cancelled.add(CancelStatementRequest.builder().applyMutation(request).build().id());
    calls.add("cancel");
    return CancelStatementResponse.builder().status(true).build();
  }

  @Override
  public String serviceName() {
    return "redshift-data";
  }

  @Override
  public void close() {}
}
