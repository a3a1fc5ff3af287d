package io.tidemark.configs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerPropertiesTest {
  @Test
  void localWorkerPropertiesFillFromTheStack() {
    Map<String, String> props =
        WorkerProperties.load(
            "local/worker.properties",
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:9092",
                "CONNECT_PORT",
                "8083",
                "PLUGIN_PATH",
                "/p"));
    assertThat(props)
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("listeners", "http://127.0.0.1:8083")
        .containsEntry("plugin.path", "/p")
        .containsEntry("plugin.discovery", "service_load")
        .containsEntry("config.providers", "file,env");
  }

  @Test
  void mskWorkerPropertiesKeepProviderReferencesAndUseDefaults() {
    Map<String, String> props =
        WorkerProperties.load("msk/worker.properties", Map.of("AWS_REGION", "eu-west-1"));
    assertThat(props)
        .containsEntry("config.providers.secretsmanager.param.region", "eu-west-1")
        .containsEntry("offset.storage.topic", "tidemark.msk-connect-offsets");
  }

  @Test
  void aMissingValueNamesTheFileAndTheKey() {
    assertThatThrownBy(
            () -> WorkerProperties.load("local/worker.properties", Map.of("CONNECT_PORT", "1")))
        .hasMessageContaining("local/worker.properties")
        .hasMessageContaining("${KAFKA_BOOTSTRAP_SERVERS} (in bootstrap.servers)")
        .hasMessageContaining("${PLUGIN_PATH} (in plugin.path)");
  }
}
