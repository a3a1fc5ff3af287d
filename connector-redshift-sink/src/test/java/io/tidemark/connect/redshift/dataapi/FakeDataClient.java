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
    if (!submitFailures.isEmpty()) {
      throw submitFailures.poll();
    }
    return BatchExecuteStatementResponse.builder().id("st-1").build();
  }

  @Override
  public ExecuteStatementResponse executeStatement(ExecuteStatementRequest request) {
    executes.add(request);
    return ExecuteStatementResponse.builder().id("st-1").build();
  }

  @Override
  public DescribeStatementResponse describeStatement(DescribeStatementRequest request) {
    describes++;
    return statuses.size() > 1 ? statuses.poll() : statuses.peek();
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
    return CancelStatementResponse.builder().status(true).build();
  }

  @Override
  public String serviceName() {
    return "redshift-data";
  }

  @Override
  public void close() {}
}
