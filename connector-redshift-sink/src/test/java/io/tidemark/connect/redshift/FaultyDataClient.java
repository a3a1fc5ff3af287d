package io.tidemark.connect.redshift;

import io.tidemark.stack.redshift.RedshiftFaults;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
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
import software.amazon.awssdk.services.redshiftdata.model.StatusString;
import software.amazon.awssdk.services.redshiftdata.model.SubStatementData;

/**
 * The real SDK client to the Data API stand-in with faults injected at the wire, chosen by a seeded
 * {@link Random}: a BatchExecuteStatement refused before it reached the service or accepted with
 * its reply lost; a DescribeStatement reply lost (the statement runs on and may commit); a
 * serialization conflict (Redshift error 1023) for the next statement the stand-in runs; when
 * asked, a statement that runs past the task's timeout (it is cancelled before its effect). It also
 * counts what the stand-in answered, for the model's coverage statistics.
 */
final class FaultyDataClient implements RedshiftDataClient {

  /** What was injected and seen, summed over a history's clients. */
  static final class Counts {
    final AtomicInteger submitLostBefore = new AtomicInteger();
    final AtomicInteger submitReplyLost = new AtomicInteger();
    final AtomicInteger describeLost = new AtomicInteger();
    final AtomicInteger conflictsInjected = new AtomicInteger();
    final AtomicInteger fencedTransactions = new AtomicInteger();
    final AtomicInteger claims = new AtomicInteger();
    final AtomicInteger slowStatements = new AtomicInteger();
  }

  private static final String GUARD = "CREATE TEMP TABLE \"tidemark_guard\"";

  private final RedshiftDataClient real;
  private final RedshiftFaults faults;
  private final Random random;
  private final Counts counts;
  private final java.util.Map<String, java.util.List<String>> sqlById = new java.util.HashMap<>();
  private final java.util.Map<String, Integer> lostDescribes = new java.util.HashMap<>();
  private volatile double rate;
  private volatile java.time.Duration slow = java.time.Duration.ZERO;

  FaultyDataClient(
      RedshiftDataClient real, RedshiftFaults faults, Random random, Counts counts, double rate) {
    this.real = real;
    this.faults = faults;
    this.random = random;
    this.counts = counts;
    this.rate = rate;
  }

  /**
   * Now and then a submitted statement runs for {@code slow} (before its effect) first: longer than
   * the task's statement timeout, so that the task cancels it and settles its outcome.
   */
  FaultyDataClient slowStatements(java.time.Duration slow) {
    this.slow = slow;
    return this;
  }

  /** No more faults from now on (the history's quiet end). */
  void calm() {
    rate = 0;
  }

  private boolean fault(double weight) {
    return rate > 0 && random.nextDouble() < rate * weight;
  }

  @Override
  public BatchExecuteStatementResponse batchExecuteStatement(BatchExecuteStatementRequest request) {
    if (fault(1)) {
      counts.submitLostBefore.incrementAndGet();
      throw SdkClientException.create("injected: connection reset before the request was sent");
    }
    if (request.sqls().get(0).startsWith("LOCK ")) {
      counts.claims.incrementAndGet();
    }
    if (request.sqls().get(0).startsWith(GUARD) && fault(0.5)) {
      counts.conflictsInjected.incrementAndGet();
      faults.failNextStatement(
          "ERROR: 1023 DETAIL: Serializable isolation violation on table - 0, transactions"
              + " forming the cycle are: injected");
    }
    if (!slow.isZero() && fault(0.25)) {
      counts.slowStatements.incrementAndGet();
      faults.slowNextStatement(slow);
    }
    BatchExecuteStatementResponse response = real.batchExecuteStatement(request);
    sqlById.put(response.id(), request.sqls());
    if (fault(1.5)) {
      // Drawn here, not per poll, so that a seed replays the same faults however many polls ran.
      lostDescribes.put(response.id(), 1 + random.nextInt(3));
    }
    if (fault(1)) {
      counts.submitReplyLost.incrementAndGet();
      throw SdkClientException.create("injected: the reply to BatchExecuteStatement was lost");
    }
    return response;
  }

  @Override
  public DescribeStatementResponse describeStatement(DescribeStatementRequest request) {
    DescribeStatementResponse d = real.describeStatement(request);
    java.util.List<String> sqls = sqlById.get(request.id());
    if (d.status() == StatusString.FINISHED && sqls != null && sqls.get(0).startsWith(GUARD)) {
      sqlById.remove(request.id());
      java.util.List<SubStatementData> subs = d.subStatements();
      SubStatementData insert = subs.get(subs.size() - 2);
      if (insert.resultRows() != null && insert.resultRows() == 0) {
        counts.fencedTransactions.incrementAndGet();
      }
    }
    int lost = lostDescribes.getOrDefault(request.id(), 0);
    if (lost > 0) {
      lostDescribes.put(request.id(), lost - 1);
      counts.describeLost.incrementAndGet();
      throw SdkClientException.create("injected: DescribeStatement timed out");
    }
    return d;
  }

  @Override
  public ExecuteStatementResponse executeStatement(ExecuteStatementRequest request) {
    if (fault(0.5)) {
      counts.submitLostBefore.incrementAndGet();
      throw SdkClientException.create("injected: connection reset before the request was sent");
    }
    return real.executeStatement(request);
  }

  @Override
  public GetStatementResultResponse getStatementResult(GetStatementResultRequest request) {
    return real.getStatementResult(request);
  }

  @Override
  public CancelStatementResponse cancelStatement(CancelStatementRequest request) {
    return real.cancelStatement(request);
  }

  @Override
  public String serviceName() {
    return real.serviceName();
  }

  @Override
  public void close() {
    real.close();
  }
}
