package io.tidemark.connect.redshift.metrics;

import io.tidemark.connect.redshift.dataapi.StatementRunner;
import io.tidemark.connect.redshift.write.WriterStats;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's counters as a standard MBean under {@code
 * io.tidemark.connect.redshift:type=sink-task-metrics,connector=<name>,task=<id>}. Reads the
 * writer's {@link WriterStats} and the runner's call counts live. Metrics never fail a task: JMX
 * errors are logged and the task runs unobserved.
 */
public final class TaskMetrics implements TaskMetricsMBean, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskMetrics.class);
  public static final String DOMAIN = "io.tidemark.connect.redshift";

  private final WriterStats stats;
  private final StatementRunner runner;
  private ObjectName registered;

  public TaskMetrics(WriterStats stats, StatementRunner runner) {
    this.stats = stats;
    this.runner = runner;
  }

  public static ObjectName objectName(String connector, String task) throws JMException {
    return new ObjectName(
        DOMAIN
            + ":type=sink-task-metrics,connector="
            + ObjectName.quote(connector)
            + ",task="
            + ObjectName.quote(task));
  }

  /** Registers on the platform MBean server, replacing a leftover of the same name. */
  public TaskMetrics register(String connector, String task) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      ObjectName name = objectName(connector, task);
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
      server.registerMBean(this, name);
      registered = name;
    } catch (JMException | RuntimeException e) {
      LOG.warn("[{} task {}] metrics not registered in JMX: {}", connector, task, e.toString());
    }
    return this;
  }

  @Override
  public long getRowsWritten() {
    return stats.rows();
  }

  @Override
  public long getBatchesCommitted() {
    return stats.transactions();
  }

  @Override
  public long getRowsRejected() {
    return stats.rejected();
  }

  @Override
  public long getDataApiCalls() {
    return runner.calls();
  }

  @Override
  public long getDataApiRetries() {
    return runner.retries();
  }

  @Override
  public long getTransientWriteFailures() {
    return stats.transientFailures();
  }

  @Override
  public long getAbortedWriteFailures() {
    return stats.abortedFailures();
  }

  @Override
  public long getFencedTransactions() {
    return stats.fencedTransactions();
  }

  @Override
  public double getTransactionLatencyAvgMs() {
    long n = stats.transactions();
    return n == 0 ? 0 : stats.transactionNanos() / 1e6 / n;
  }

  @Override
  public double getTransactionLatencyMaxMs() {
    return stats.maxTransactionNanos() / 1e6;
  }

  @Override
  public void close() {
    if (registered != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
      } catch (JMException | RuntimeException e) {
        LOG.debug("could not unregister {}: {}", registered, e.toString());
      }
      registered = null;
    }
  }
}
