package io.tidemark.connect.redshift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/** Exactly-once CDC upserts and deletes into Amazon Redshift through the Redshift Data API. */
public final class RedshiftSinkConnector extends SinkConnector {
  private Map<String, String> props = Map.of();

  @Override
  public void start(Map<String, String> props) {
    new RedshiftSinkConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return RedshiftSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> config = new HashMap<>(props);
      config.put(RedshiftSinkTask.TASK_ID, Integer.toString(i));
      configs.add(config);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return RedshiftSinkConfig.CONFIG_DEF;
  }

  /** The ConfigDef checks plus the checks between keys, each on the key it is about. */
  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = RedshiftSinkConfig.validate(connectorConfigs);
    return config;
  }

  @Override
  public String version() {
    return Version.get();
  }
}
