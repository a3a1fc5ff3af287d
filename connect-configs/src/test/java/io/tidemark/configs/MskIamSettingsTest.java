package io.tidemark.configs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On MSK Connect the worker's client settings reach only the clients Connect creates. Kafka clients
 * a connector creates itself (Debezium's schema history, the S3 sink's commit-event producer) need
 * MSK IAM settings in the connector config, or they cannot talk to an IAM cluster: every such
 * client in msk/ carries them (the template's copies are checked equal to these by
 * MskCloudFormationTest).
 */
class MskIamSettingsTest {

  private static final Map<String, String> IAM =
      Map.of(
          "security.protocol", "SASL_SSL",
          "sasl.mechanism", "AWS_MSK_IAM",
          "sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
          "sasl.client.callback.handler.class",
              "software.amazon.msk.auth.iam.IAMClientCallbackHandler");

  /** The clients a connector creates itself: the key that enables one, and its settings prefix. */
  private static final Map<String, String> OWN_CLIENTS =
      Map.of(
          "commit.events.bootstrap.servers", "commit.events.producer.",
          "schema.history.internal.kafka.bootstrap.servers", "schema.history.internal.producer.",
          "schema.history.internal.kafka.topic", "schema.history.internal.consumer.");

  @Test
  void everyClientAConnectorCreatesItselfAuthenticatesWithMskIam() throws IOException {
    List<String> missing = new ArrayList<>();
    int clients = 0;
    for (Path file : ShippedConfigsTest.jsonFiles("msk")) {
      Map<String, String> config = ConnectorConfig.read(file).config();
      for (var client : OWN_CLIENTS.entrySet()) {
        String enabled = config.get(client.getKey());
        if (enabled == null || enabled.isBlank()) {
          continue;
        }
        clients++;
        IAM.forEach(
            (key, value) -> {
              if (!value.equals(config.get(client.getValue() + key))) {
                missing.add(file + ": " + client.getValue() + key);
              }
            });
      }
    }
    assertThat(clients).as("msk/ configs with clients of their own").isGreaterThanOrEqualTo(3);
    assertThat(missing).isEmpty();
  }
}
