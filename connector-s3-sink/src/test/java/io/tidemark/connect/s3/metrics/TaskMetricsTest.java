package io.tidemark.connect.s3.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The counters, and their MBean on the platform MBean server of this JVM. */
class TaskMetricsTest {

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  @Test
  void countsObjectsRecordsBytesRetriesAndUploadLatency() {
    TaskMetrics m = new TaskMetrics();
    assertThat(m.getUploadLatencyAvgMs()).isZero();
    m.objectCommitted(3, 120);
    m.objectCommitted(2, 80);
    m.retried();
    m.uploadTimed(2_000_000);
    m.uploadTimed(6_000_000);
    m.uploadTimed(1_000_000);
    long[] gauge = {4096};
    m.bufferBytes(() -> gauge[0]);

    assertThat(m.getRecordsWritten()).isEqualTo(5);
    assertThat(m.getBytesWritten()).isEqualTo(200);
    assertThat(m.getObjectsCommitted()).isEqualTo(2);
    assertThat(m.getRetries()).isEqualTo(1);
    assertThat(m.getUploadCount()).isEqualTo(3);
    assertThat(m.getUploadLatencyAvgMs()).isEqualTo(3.0);
    assertThat(m.getUploadLatencyMaxMs()).isEqualTo(6.0);
    assertThat(m.getUploadLatencyLastMs()).isEqualTo(1.0);
    assertThat(m.getBufferBytesInUse()).isEqualTo(4096);
    gauge[0] = 0;
    assertThat(m.getBufferBytesInUse()).as("a gauge, read live").isZero();
  }

  @Test
  void registersUnderTheDocumentedNameAndUnregistersOnClose() throws Exception {
    TaskMetrics m = new TaskMetrics();
    m.objectCommitted(7, 700);
    ObjectName name =
        new ObjectName(
            "io.tidemark.connect.s3:type=sink-task-metrics,connector=orders-sink,task=2");
    try (JmxRegistration jmx = JmxRegistration.register(m, "orders-sink", "2")) {
      assertThat(jmx.name()).isEqualTo(name);
      assertThat(server.isRegistered(name)).isTrue();
      assertThat(server.getAttribute(name, "RecordsWritten")).isEqualTo(7L);
      assertThat(server.getAttribute(name, "BytesWritten")).isEqualTo(700L);
      assertThat(server.getAttribute(name, "ObjectsCommitted")).isEqualTo(1L);
      m.retried();
      assertThat(server.getAttribute(name, "Retries")).as("live, not a snapshot").isEqualTo(1L);
      assertThat(server.getAttribute(name, "UploadLatencyAvgMs")).isEqualTo(0.0);
      assertThat(server.getAttribute(name, "BufferBytesInUse")).isEqualTo(0L);
    }
    assertThat(server.isRegistered(name)).isFalse();
    assertThatThrownBy(() -> server.getAttribute(name, "RecordsWritten"))
        .isInstanceOf(InstanceNotFoundException.class);
  }

  @Test
  void aStaleMBeanOfTheSameTaskIsReplaced() throws Exception {
    TaskMetrics old = new TaskMetrics();
    TaskMetrics fresh = new TaskMetrics();
    fresh.objectCommitted(1, 10);
    JmxRegistration leaked = JmxRegistration.register(old, "stale-sink", "0");
    try (JmxRegistration jmx = JmxRegistration.register(fresh, "stale-sink", "0")) {
      assertThat(server.getAttribute(jmx.name(), "RecordsWritten")).isEqualTo(1L);
    }
    assertThat(server.isRegistered(leaked.name())).isFalse();
    leaked.close(); // already gone: no error
  }

  @Test
  void connectorNamesWithJmxSpecialCharactersAreQuoted() throws Exception {
    ObjectName name = JmxRegistration.objectName("lake,sink=a:b", "0");
    assertThat(name.getKeyProperty("type")).isEqualTo("sink-task-metrics");
    assertThat(ObjectName.unquote(name.getKeyProperty("connector"))).isEqualTo("lake,sink=a:b");
    assertThat(name.getKeyProperty("task")).isEqualTo("0");
    try (JmxRegistration jmx = JmxRegistration.register(new TaskMetrics(), "lake,sink=a:b", "0")) {
      assertThat(server.isRegistered(name)).isTrue();
    }
    assertThat(server.isRegistered(name)).isFalse();
  }
}
