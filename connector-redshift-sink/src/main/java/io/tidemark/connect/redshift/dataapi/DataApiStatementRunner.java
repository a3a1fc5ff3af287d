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
 * ABORTED, and map every error through {@link DataApiErrors}.
 */
public final class DataApiStatementRunner implements StatementRunner {

  private static final Logger LOG = LoggerFactory.getLogger(DataApiStatementRunner.class);

  private final RedshiftDataClient client;
  private final DataApiTarget target;
  private final PollPolicy policy;
  private final Sleeper sleeper;
  private final String logContext;
  private final AtomicReference<String> running = new AtomicReference<>();
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
  public void executeBatch(List<String> statements, String clientToken) {
    if (statements.isEmpty()) {
      return;
    }
    BatchExecuteStatementRequest.Builder request =
        BatchExecuteStatementRequest.builder()
            .sqls(statements)
            .clientToken(clientToken)
            .database(target.database());
    target.workgroupName().ifPresent(request::workgroupName);
    target.clusterIdentifier().ifPresent(request::clusterIdentifier);
    target.secretArn().ifPresent(request::secretArn);
    target.dbUser().ifPresent(request::dbUser);
    long started = System.nanoTime();
    String id =
        withRetries(
            "BatchExecuteStatement", () -> client.batchExecuteStatement(request.build()).id());
    LOG.debug("{} submitted batch {} of {} statements", logContext, id, statements.size());
    long expected = lastBatchNanos;
    if (expected > 0) {
      pause(Duration.ofNanos(Math.min(expected * 8 / 10, policy.maxPoll().toNanos() * 5)));
    }
    await(id);
    lastBatchNanos = System.nanoTime() - started;
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
    running.set(id);
    try {
      long deadline = System.nanoTime() + policy.statementTimeout().toNanos();
      for (int poll = 0; ; poll++) {
        DescribeStatementResponse d =
            withRetries("DescribeStatement", () -> client.describeStatement(b -> b.id(id)));
        StatusString status = d.status();
        if (status == StatusString.FINISHED) {
          return d;
        }
        if (status == StatusString.FAILED || status == StatusString.ABORTED) {
          throw DataApiErrors.toConnect(
              logContext + " statement failed",
              new StatementFailedException(id, status.toString(), d.error()));
        }
        if (System.nanoTime() > deadline) {
          cancel(id);
          throw new RetriableException(
              logContext
                  + " statement "
                  + id
                  + " did not finish within "
                  + policy.statementTimeout()
                  + "; cancelled");
        }
        pause(policy.pollDelay(poll));
      }
    } finally {
      running.compareAndSet(id, null);
    }
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
        LOG.debug(
            "{} {} {} (attempt {}), retrying in {} ms",
            logContext,
            operation,
            kind,
            attempt,
            wait.toMillis());
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
    client.close();
  }
}
