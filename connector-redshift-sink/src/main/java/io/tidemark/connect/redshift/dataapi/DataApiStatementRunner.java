package io.tidemark.connect.redshift.dataapi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.Field;
import software.amazon.awssdk.services.redshiftdata.model.GetStatementResultResponse;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/**
 * {@link StatementRunner} on the AWS SDK's {@link RedshiftDataClient}: submit (with a ClientToken,
 * retrying throttling with jitter), poll DescribeStatement with backoff until FINISHED, FAILED or
 * ABORTED, and map every error through {@link DataApiErrors}. A statement is never left behind
 * running: after a timeout it is cancelled and awaited until it ended (bounded, else the task
 * fails), and a batch whose submit reply or polls were lost is settled before the next call.
 */
public final class DataApiStatementRunner implements StatementRunner {

  private static final Logger LOG = LoggerFactory.getLogger(DataApiStatementRunner.class);

  private final RedshiftDataClient client;
  private final DataApiTarget target;
  private final PollPolicy policy;
  private final Sleeper sleeper;
  private final String logContext;
  private final AtomicReference<String> running = new AtomicReference<>();

  /** A batch that may have been started but whose end was not seen (a lost reply). */
  private record Unsettled(BatchExecuteStatementRequest request, String id) {}

  private volatile Unsettled unsettled;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  /**
   * How long the last batch took: the first DescribeStatement waits for most of that, saving polls.
   */
  private volatile long lastBatchNanos;

  public DataApiStatementRunner(
      RedshiftDataClient client,
      DataApiTarget target,
      PollPolicy policy,
      Sleeper sleeper,
      String logContext) {
    this.client = Objects.requireNonNull(client, "client");
    this.target = Objects.requireNonNull(target, "target");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.logContext = Objects.requireNonNull(logContext, "logContext");
  }

  @Override
  public List<Long> executeBatch(List<String> statements, String clientToken) {
    if (statements.isEmpty()) {
      return List.of();
    }
    settle();
    BatchExecuteStatementRequest.Builder builder =
        BatchExecuteStatementRequest.builder()
            .sqls(statements)
            .clientToken(clientToken)
            .database(target.database());
    target.workgroupName().ifPresent(builder::workgroupName);
    target.clusterIdentifier().ifPresent(builder::clusterIdentifier);
    target.secretArn().ifPresent(builder::secretArn);
    target.dbUser().ifPresent(builder::dbUser);
    BatchExecuteStatementRequest request = builder.build();
    long started = System.nanoTime();
    // Until a reply says otherwise the batch may have been started: a lost reply leaves it
    // unsettled, and the next call resends this very request (same ClientToken) before anything
    // else.
    unsettled = new Unsettled(request, null);
    String id;
    try {
      id = withRetries("BatchExecuteStatement", () -> client.batchExecuteStatement(request).id());
    } catch (ConnectException e) {
      if (!(e instanceof RetriableException)) {
        unsettled = null; // refused (validation, permissions): nothing was started
      }
      throw e;
    }
    unsettled = new Unsettled(request, id);
    LOG.debug("{} submitted batch {} of {} statements", logContext, id, statements.size());
    long expected = lastBatchNanos;
    if (expected > 0) {
      pause(Duration.ofNanos(Math.min(expected * 8 / 10, policy.maxPoll().toNanos() * 5)));
    }
    DescribeStatementResponse done = await(id);
    lastBatchNanos = System.nanoTime() - started;
    return done.subStatements().stream()
        .map(sub -> sub.resultRows() == null ? -1L : sub.resultRows())
        .toList();
  }

  /**
   * Settles the batch whose outcome is unknown, if any, before anything else runs: a submit whose
   * reply was lost is sent again with the same ClientToken (the Data API answers with the statement
   * it started, or starts it now: one attempt either way), and a statement whose polls failed is
   * awaited until it ended (bounded). Whatever it did is then visible to the caller's next read of
   * the offsets table, so the caller never runs a second attempt next to a first one that may still
   * commit.
   */
  private void settle() {
    Unsettled u = unsettled;
    if (u == null) {
      return;
    }
    String id = u.id();
    if (id == null) {
      LOG.info(
          "{} the reply to a BatchExecuteStatement was lost: sending it again with the same"
              + " ClientToken {}",
          logContext,
          u.request().clientToken());
      id =
          withRetries(
              "BatchExecuteStatement", () -> client.batchExecuteStatement(u.request()).id());
      unsettled = new Unsettled(u.request(), id);
    }
    LOG.info("{} waiting for statement {} of unknown outcome to end", logContext, id);
    DescribeStatementResponse end = awaitEnd(id);
    LOG.info(
        "{} statement {} of unknown outcome ended {}{}",
        logContext,
        id,
        end.status(),
        end.error() == null ? "" : ": " + end.error());
  }

  @Override
  public long calls() {
    return calls.get();
  }

  @Override
  public long retries() {
    return retries.get();
  }

  @Override
  public List<List<String>> query(String sql) {
    ExecuteStatementRequest.Builder request =
        ExecuteStatementRequest.builder().sql(sql).database(target.database());
    target.workgroupName().ifPresent(request::workgroupName);
    target.clusterIdentifier().ifPresent(request::clusterIdentifier);
    target.secretArn().ifPresent(request::secretArn);
    target.dbUser().ifPresent(request::dbUser);
    settle();
    String id =
        withRetries("ExecuteStatement", () -> client.executeStatement(request.build()).id());
    DescribeStatementResponse done = await(id);
    List<List<String>> rows = new ArrayList<>();
    if (!Boolean.TRUE.equals(done.hasResultSet())) {
      return rows;
    }
    String token = null;
    do {
      String page = token;
      GetStatementResultResponse result =
          withRetries(
              "GetStatementResult", () -> client.getStatementResult(b -> b.id(id).nextToken(page)));
      for (List<Field> record : result.records()) {
        rows.add(record.stream().map(DataApiStatementRunner::text).toList());
      }
      token = result.nextToken();
    } while (token != null && !token.isEmpty());
    return rows;
  }

  static String text(Field field) {
    if (Boolean.TRUE.equals(field.isNull())) {
      return null;
    }
    if (field.stringValue() != null) {
      return field.stringValue();
    }
    if (field.longValue() != null) {
      return field.longValue().toString();
    }
    if (field.doubleValue() != null) {
      return field.doubleValue().toString();
    }
    if (field.booleanValue() != null) {
      return field.booleanValue().toString();
    }
    if (field.blobValue() != null) {
      return java.util.HexFormat.of().formatHex(field.blobValue().asByteArray());
    }
    return null;
  }

  /** Polls until the statement ends; returns the FINISHED description or throws. */
  private DescribeStatementResponse await(String id) {
    DescribeStatementResponse d = awaitEnd(id);
    if (d.status() == StatusString.FINISHED) {
      return d;
    }
    throw DataApiErrors.toConnect(
        logContext + " statement failed",
        new StatementFailedException(id, d.status().toString(), d.error()));
  }

  /**
   * Polls until the statement is FINISHED, FAILED or ABORTED and returns that description. A
   * statement still running after the statement timeout is cancelled and then awaited for at most
   * {@link PollPolicy#settleTimeout()}: a cancel is only a request, and the statement may still
   * commit. It is reported as it ended (ABORTED, or FAILED with its error) with the cancel noted;
   * FINISHED after all counts as done. One that never ends within the bound fails the task ({@link
   * ConnectException}, not retriable): retrying next to it could apply its batch twice.
   */
  private DescribeStatementResponse awaitEnd(String id) {
    running.set(id);
    try {
      long deadline = System.nanoTime() + policy.statementTimeout().toNanos();
      for (int poll = 0; ; poll++) {
        DescribeStatementResponse d = describe(id);
        if (ended(d)) {
          return d;
        }
        if (System.nanoTime() > deadline) {
          break;
        }
        pause(policy.pollDelay(poll));
      }
      cancel(id);
      long settleDeadline = System.nanoTime() + policy.settleTimeout().toNanos();
      for (int poll = 0; ; poll++) {
        DescribeStatementResponse d = describe(id);
        if (d.status() == StatusString.FINISHED) {
          LOG.warn(
              "{} statement {} finished after all although it was cancelled after {}: it"
                  + " committed",
              logContext,
              id,
              policy.statementTimeout());
          return d;
        }
        if (ended(d)) {
          // What happened, as it happened: ABORTED stays ABORTED, FAILED stays FAILED with its
          // own error (the classifier reads a cancel's text as an abort, anything else as is).
          return d.toBuilder()
              .error(
                  (d.error() == null ? "" : d.error() + " ")
                      + "(after the sink cancelled it at the statement timeout of "
                      + policy.statementTimeout()
                      + ")")
              .build();
        }
        if (System.nanoTime() > settleDeadline) {
          throw new ConnectException(
              logContext
                  + " statement "
                  + id
                  + " was cancelled after the statement timeout of "
                  + policy.statementTimeout()
                  + " but is still "
                  + d.status()
                  + " after another "
                  + policy.settleTimeout()
                  + " ("
                  + io.tidemark.connect.redshift.RedshiftSinkConfig.SETTLE_TIMEOUT_MS
                  + "): failing the task rather than retrying next to a statement that may"
                  + " still commit (which could apply its batch twice). Check the statement in"
                  + " Redshift (SYS_QUERY_HISTORY) before restarting the task.");
        }
        pause(policy.pollDelay(poll));
      }
    } finally {
      running.compareAndSet(id, null);
    }
  }

  private DescribeStatementResponse describe(String id) {
    DescribeStatementResponse d =
        withRetries("DescribeStatement", () -> client.describeStatement(b -> b.id(id)));
    if (ended(d)) {
      Unsettled u = unsettled;
      if (u != null && id.equals(u.id())) {
        unsettled = null;
      }
    }
    return d;
  }

  private static boolean ended(DescribeStatementResponse d) {
    StatusString status = d.status();
    return status == StatusString.FINISHED
        || status == StatusString.FAILED
        || status == StatusString.ABORTED;
  }

  private <T> T withRetries(String operation, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        calls.incrementAndGet();
        return call.get();
      } catch (RuntimeException e) {
        if (e instanceof ConnectException) {
          throw e;
        }
        DataApiErrors.Kind kind = DataApiErrors.classify(e);
        if (kind == DataApiErrors.Kind.FATAL || attempt >= policy.maxAttempts()) {
          throw DataApiErrors.toConnect(
              logContext + " " + operation + " failed after " + attempt + " attempt(s)", e);
        }
        retries.incrementAndGet();
        Duration wait = policy.retryDelay(attempt);
        LOG.info(
            "{} {} {} (attempt {} of {}), retrying in {} ms: {}",
            logContext,
            operation,
            kind,
            attempt,
            policy.maxAttempts(),
            wait.toMillis(),
            e.getMessage());
        pause(wait);
      }
    }
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException(logContext + " interrupted while waiting for Redshift", e);
    }
  }

  @Override
  public void cancelRunning() {
    String id = running.get();
    if (id != null) {
      cancel(id);
    }
  }

  private void cancel(String id) {
    try {
      client.cancelStatement(b -> b.id(id));
      LOG.info("{} cancelled statement {}", logContext, id);
    } catch (RuntimeException e) {
      LOG.warn("{} could not cancel statement {}: {}", logContext, id, e.getMessage());
    }
  }

  @Override
  public void close() {
    cancelRunning();
    Unsettled u = unsettled;
    if (u != null) {
      LOG.warn(
          "{} closing with statement {} of unknown outcome (ClientToken {}); the offsets table"
              + " shows whether it committed",
          logContext,
          u.id(),
          u.request().clientToken());
    }
    client.close();
  }
}
