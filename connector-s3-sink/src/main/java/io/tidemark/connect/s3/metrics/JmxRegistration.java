package io.tidemark.connect.s3.metrics;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's {@link TaskMetrics} registered as a standard MBean under {@code
 * io.tidemark.connect.s3:type=sink-task-metrics,connector=<name>,task=<id>}, unregistered by {@link
 * #close()}. Metrics never fail a task: JMX errors are logged and the task runs unobserved.
 */
public final class JmxRegistration implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JmxRegistration.class);

  public static final String DOMAIN = "io.tidemark.connect.s3";
  public static final String TYPE = "sink-task-metrics";

  private final MBeanServer server;
  private final ObjectName name;

  private JmxRegistration(MBeanServer server, ObjectName name) {
    this.server = server;
    this.name = name;
  }

  /** The MBean name of a task; values with JMX special characters are quoted. */
  public static ObjectName objectName(String connector, String task) {
    try {
      return new ObjectName(
          DOMAIN + ":type=" + TYPE + ",connector=" + value(connector) + ",task=" + value(task));
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(
          "no JMX name for connector " + connector + " task " + task, e);
    }
  }

  private static String value(String v) {
    for (char c : v.toCharArray()) {
      if (c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?' || c == '\\'
          || c == '\n') {
        return ObjectName.quote(v);
      }
    }
    return v.isEmpty() ? ObjectName.quote(v) : v;
  }

  /** Registers on the platform MBean server. */
  public static JmxRegistration register(TaskMetricsMBean metrics, String connector, String task) {
    return register(ManagementFactory.getPlatformMBeanServer(), metrics, connector, task);
  }

  /**
   * Registers {@code metrics}; a leftover MBean of the same name (a task of this connector and id
   * that was not stopped cleanly in this JVM) is replaced. Never throws: returns a registration
   * whose close does nothing when JMX refuses.
   */
  public static JmxRegistration register(
      MBeanServer server, TaskMetricsMBean metrics, String connector, String task) {
    ObjectName name = objectName(connector, task);
    try {
      try {
        server.registerMBean(metrics, name);
      } catch (InstanceAlreadyExistsException e) {
        LOG.warn(
            "Connector {} task {}: replacing the stale metrics MBean {}", connector, task, name);
        unregisterQuietly(server, name);
        server.registerMBean(metrics, name);
      }
      LOG.info("Connector {} task {}: metrics on JMX as {}", connector, task, name);
      return new JmxRegistration(server, name);
    } catch (JMException | RuntimeException e) {
      LOG.warn(
          "Connector {} task {}: metrics not registered on JMX: {}", connector, task, e.toString());
      return new JmxRegistration(server, null);
    }
  }

  /** The registered name, or null when registration failed. */
  public ObjectName name() {
    return name;
  }

  @Override
  public void close() {
    if (name != null) {
      unregisterQuietly(server, name);
    }
  }

  private static void unregisterQuietly(MBeanServer server, ObjectName name) {
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException e) {
      // already gone
    } catch (JMException | RuntimeException e) {
      LOG.warn("Metrics MBean {} not unregistered: {}", name, e.toString());
    }
  }
}
