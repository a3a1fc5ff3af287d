package io.tidemark.configs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {
  private final ConnectorConfig template =
      new ConnectorConfig(
          "local/x.json",
          "cdc-${TOPIC_PREFIX:-tidemark}",
          Map.of(
              "database.port", "${MYSQL_PORT}",
              "database.password", "${file:${SECRETS_FILE}:mysql.password}",
              "topic.prefix", "${TOPIC_PREFIX:-tidemark}",
              "literal", "no placeholder here"));

  @Test
  void fillsPlaceholdersAndDefaultsButLeavesConfigProviderReferencesToTheWorker() {
    ConnectorConfig rendered =
        template.render(Map.of("MYSQL_PORT", "3307", "SECRETS_FILE", "/tmp/s.properties"));

    assertThat(rendered.name()).isEqualTo("cdc-tidemark");
    assertThat(rendered.config())
        .containsEntry("database.port", "3307")
        .containsEntry("database.password", "${file:/tmp/s.properties:mysql.password}")
        .containsEntry("topic.prefix", "tidemark")
        .containsEntry("literal", "no placeholder here");
  }

  @Test
  void aGivenValueWinsOverTheDefault() {
    ConnectorConfig rendered =
        template.render(Map.of("MYSQL_PORT", "1", "SECRETS_FILE", "/s", "TOPIC_PREFIX", "it1"));

    assertThat(rendered.config()).containsEntry("topic.prefix", "it1");
    assertThat(rendered.name()).isEqualTo("cdc-it1");
  }

  @Test
  void aMissingValueNamesTheFileThePlaceholderAndTheKey() {
    assertThatThrownBy(() -> template.render(Map.of("SECRETS_FILE", "/s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "local/x.json: no value for ${MYSQL_PORT} (in database.port); set it in the env file or the environment");
  }

  @Test
  void valuesWithDollarSignsAndBackslashesAreInsertedLiterally() {
    ConnectorConfig rendered =
        template.render(Map.of("MYSQL_PORT", "a$1\\b", "SECRETS_FILE", "/s"));

    assertThat(rendered.config()).containsEntry("database.port", "a$1\\b");
  }

  @Test
  void theShippedDebeziumConfigLoadsAndRendersWithTheStackPlaceholders() {
    ConnectorConfig debezium = ConnectorConfig.load("local/debezium-mariadb.json");
    ConnectorConfig rendered =
        debezium.render(
            Map.of(
                "MYSQL_HOST", "127.0.0.1",
                "MYSQL_PORT", "3306",
                "MYSQL_USER", "debezium",
                "SECRETS_FILE", "/w/secrets.properties",
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));

    assertThat(rendered.config())
        .containsEntry("connector.class", "io.debezium.connector.mariadb.MariaDbConnector")
        .containsEntry("database.password", "${file:/w/secrets.properties:mysql.debezium.password}")
        .containsEntry("schema.history.internal.kafka.topic", "tidemark.schema-history");
    assertThat(rendered.config().values()).noneMatch(v -> v.matches(".*\\$\\{[A-Z].*"));
  }

  @Test
  void anUnknownShippedConfigIsNamedInTheError() {
    assertThatThrownBy(() -> ConnectorConfig.load("local/nope.json"))
        .hasMessage("no shipped connector config local/nope.json");
  }
}
