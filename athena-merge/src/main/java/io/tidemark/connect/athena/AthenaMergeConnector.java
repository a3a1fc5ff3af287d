package io.tidemark.connect.athena;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Athena/Trino MERGE companion: consumes the S3 sink's commit-event topic and merges the landed
 * objects into Iceberg tables (see README). Always one task, whatever {@code tasks.max} says: a
 * table's events are spread over the event topic's partitions by object key, so a second task would
 * be a second writer of the same tables.
 */
public class AthenaMergeConnector extends SinkConnector {

  private static final Logger LOG = LoggerFactory.getLogger(AthenaMergeConnector.class);

  private Map<String, String> props;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    new AthenaMergeConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return AthenaMergeTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    if (maxTasks > 1) {
      LOG.info(
          "{}: tasks.max={} but one task runs (one writer per table)",
          props.getOrDefault("name", "athena-merge"),
          maxTasks);
    }
    return List.of(props);
  }

  @Override
  public void stop() {
    props = null;
  }

  @Override
  public ConfigDef config() {
    return AthenaMergeConfig.baseConfigDef();
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    return AthenaMergeConfig.validate(connectorConfigs);
  }
}
