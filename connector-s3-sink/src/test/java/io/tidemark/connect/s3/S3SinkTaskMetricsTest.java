package io.tidemark.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

/** A task registers its metrics MBean on start and removes it on stop (no S3 call is made). */
class S3SinkTaskMetricsTest {

  @Test
  void eachTaskHasItsMBeanForItsLifetime() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    S3SinkConnector connector = new S3SinkConnector();
    Map<String, String> props = new HashMap<>();
    props.put("name", "metrics-sink");
    props.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    props.put(S3SinkConfig.S3_ENDPOINT_URL, "http://127.0.0.1:9");
    props.put(S3SinkConfig.S3_CREDENTIALS_PROVIDER, "STATIC");
    props.put(S3SinkConfig.S3_ACCESS_KEY_ID, "id");
    props.put(S3SinkConfig.S3_SECRET_ACCESS_KEY, "secret");
    connector.start(props);
    var taskConfigs = connector.taskConfigs(2);
    S3SinkTask first = started(taskConfigs.get(0));
    S3SinkTask second = started(taskConfigs.get(1));
    ObjectName pattern =
        new ObjectName("io.tidemark.connect.s3:type=sink-task-metrics,connector=metrics-sink,*");
    ObjectName task1 =
        new ObjectName(
            "io.tidemark.connect.s3:type=sink-task-metrics,connector=metrics-sink,task=1");
    try {
      assertThat(server.queryNames(pattern, null))
          .containsExactlyInAnyOrder(
              new ObjectName(
                  "io.tidemark.connect.s3:type=sink-task-metrics,connector=metrics-sink,task=0"),
              task1);
      assertThat(server.getAttribute(task1, "ObjectsCommitted")).isEqualTo(0L);
      assertThat(server.getAttribute(task1, "BufferBytesInUse")).isEqualTo(0L);
      first.stop();
      assertThat(server.queryNames(pattern, null)).containsExactly(task1);
    } finally {
      first.stop();
      second.stop();
    }
    assertThat(server.queryNames(pattern, null)).isEmpty();
  }

  private static S3SinkTask started(Map<String, String> config) {
    S3SinkTask task = new S3SinkTask();
    task.initialize(
        new SinkTaskContext() {
          @Override
          public Map<String, String> configs() {
            return config;
          }

          @Override
          public void offset(Map<TopicPartition, Long> offsets) {}

          @Override
          public void offset(TopicPartition tp, long offset) {}

          @Override
          public void timeout(long timeoutMs) {}

          @Override
          public Set<TopicPartition> assignment() {
            return Set.of();
          }

          @Override
          public void pause(TopicPartition... partitions) {}

          @Override
          public void resume(TopicPartition... partitions) {}

          @Override
          public void requestCommit() {}
        });
    task.start(config);
    return task;
  }
}
