package io.tidemark.configs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Converter settings every shipped config must share. Kafka's JsonConverter writes and reads a
 * field's schema default in place of a null value unless {@code replace.null.with.default=false}:
 * an explicit NULL in a MySQL column with a DEFAULT would land as the default, on the source side
 * (Debezium's worker converter writes it into the topic) and on the sink side alike.
 */
class ConverterSettingsTest {
  static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
  static final List<String> WORKERS =
      List.of(
          "local/worker.properties",
          "aws/worker.properties",
          "msk/worker.properties",
          "../docker/worker.properties");

  /** Every connector config of local/, aws/, msk/ and docker/, by path. */
  static Map<String, Map<String, String>> connectorConfigs() throws IOException {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (String folder : List.of("local", "aws", "msk", "docker")) {
      for (Path file : ShippedConfigsTest.jsonFiles(folder)) {
        out.put(file.toString(), ConnectorConfig.read(file).config());
      }
    }
    return out;
  }

  private static List<String> jsonConvertersKeepingDefaults(Map<String, String> config) {
    List<String> wrong = new ArrayList<>();
    for (String side : List.of("key", "value")) {
      String converter = config.get(side + ".converter");
      if (JSON_CONVERTER.equals(converter)
          && !"false".equals(config.get(side + ".converter.replace.null.with.default"))) {
        wrong.add(side + ".converter.replace.null.with.default");
      }
    }
    return wrong;
  }

  @Test
  void everyJsonConverterInAConnectorConfigKeepsNullsNull() throws IOException {
    Map<String, Map<String, String>> configs = connectorConfigs();
    assertThat(configs).containsKeys("docker/s3-sink.json", "msk/redshift-sink.json");
    int json = 0;
    for (var e : configs.entrySet()) {
      assertThat(jsonConvertersKeepingDefaults(e.getValue())).as(e.getKey()).isEmpty();
      json += e.getValue().containsValue(JSON_CONVERTER) ? 1 : 0;
    }
    assertThat(json).as("configs with a JsonConverter").isGreaterThanOrEqualTo(12);
  }

  @Test
  void everyWorkerKeepsNullsNull() throws IOException {
    for (String path : WORKERS) {
      Properties worker = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(path))) {
        worker.load(in);
      }
      Map<String, String> props = new TreeMap<>();
      worker.stringPropertyNames().forEach(k -> props.put(k, worker.getProperty(k)));
      assertThat(props).as(path).containsEntry("value.converter", JSON_CONVERTER);
      assertThat(jsonConvertersKeepingDefaults(props)).as(path).isEmpty();
    }
  }

  /**
   * Debezium writes the topics every sink reads: its converter is set in its config, not left to
   * whatever worker runs it.
   */
  @Test
  void debeziumConfigsSetTheirJsonConverters() throws IOException {
    connectorConfigs()
        .forEach(
            (path, config) -> {
              if (!config.get("connector.class").startsWith("io.debezium.")) {
                return;
              }
              assertThat(config)
                  .as(path)
                  .containsEntry("key.converter", JSON_CONVERTER)
                  .containsEntry("value.converter", JSON_CONVERTER)
                  .containsEntry("key.converter.schemas.enable", "true")
                  .containsEntry("value.converter.schemas.enable", "true")
                  .containsEntry("key.converter.replace.null.with.default", "false")
                  .containsEntry("value.converter.replace.null.with.default", "false");
            });
  }

  /**
   * MySQL BIGINT UNSIGNED reaches 18446744073709551615; Debezium's default {@code long} handling
   * wraps it to -1. {@code precise} sends a Decimal of scale 0. Every shipped Debezium config, in
   * every folder, says the same.
   */
  @Test
  void debeziumSendsUnsignedBigintsPreciselyEverywhere() throws IOException {
    Map<String, String> modes = new TreeMap<>();
    connectorConfigs()
        .forEach(
            (path, config) -> {
              if (config.get("connector.class").startsWith("io.debezium.")) {
                modes.put(path, config.get("bigint.unsigned.handling.mode"));
              }
            });
    assertThat(modes.keySet())
        .contains(
            "local/debezium-mariadb.json",
            "local/debezium-mysql.json",
            "aws/debezium-mysql.json",
            "msk/debezium-mysql.json",
            "docker/debezium-mysql.json");
    assertThat(modes.values()).containsOnly("precise");
  }

  /**
   * Debezium skips TRUNCATE unless told otherwise ({@code skipped.operations=t}): every copy would
   * silently keep the rows. Every shipped Debezium config emits truncates, so CdcUnwrap can stop
   * the pipeline on them loudly.
   */
  @Test
  void debeziumEmitsTruncatesEverywhere() throws IOException {
    Map<String, String> skipped = new TreeMap<>();
    connectorConfigs()
        .forEach(
            (path, config) -> {
              if (config.get("connector.class").startsWith("io.debezium.")) {
                skipped.put(path, config.get("skipped.operations"));
              }
            });
    assertThat(skipped).hasSizeGreaterThanOrEqualTo(5);
    assertThat(skipped.values()).containsOnly("none");
  }

  /**
   * Debezium's settings that decide what a value becomes on the way (decimals, unsigned, time
   * precision, binary, skipped operations, tombstones) and the converters of every connector.
   */
  static final List<String> DEBEZIUM_FIDELITY_KEYS =
      List.of(
          "decimal.handling.mode",
          "bigint.unsigned.handling.mode",
          "datatype.propagate.source.type",
          "time.precision.mode",
          "binary.handling.mode",
          "skipped.operations",
          "tombstones.on.delete",
          "include.schema.changes");

  /**
   * The fidelity settings are the same in every folder, per connector class: Debezium's {@link
   * #DEBEZIUM_FIDELITY_KEYS}, and for every connector its converters and its whole transform chain
   * (every {@code transforms*} key: the chain decides what each type becomes, e.g. NormalizeTypes'
   * targets). A value that lands exactly on the local stack then lands exactly on AWS, MSK Connect
   * and docker compose too. (It found the aws/ and msk/ Redshift sinks running NormalizeTypes,
   * which floors microseconds and fails MySQL TIME durations, where local/ did not.)
   */
  @Test
  void fidelitySettingsAreTheSameInEveryFolder() throws IOException {
    Map<String, Map<String, Map<String, String>>> byClass = new TreeMap<>();
    connectorConfigs()
        .forEach(
            (path, config) -> {
              String connectorClass = config.get("connector.class");
              boolean debezium = connectorClass.startsWith("io.debezium.");
              if (!debezium
                  && !connectorClass.endsWith("S3SinkConnector")
                  && !connectorClass.endsWith("RedshiftSinkConnector")) {
                return; // athena-merge reads commit events, not table values
              }
              Map<String, String> fidelity = new TreeMap<>();
              config.forEach(
                  (k, v) -> {
                    if (k.startsWith("transforms")
                        || k.startsWith("key.converter")
                        || k.startsWith("value.converter")
                        || (debezium && DEBEZIUM_FIDELITY_KEYS.contains(k))) {
                      fidelity.put(k, v);
                    }
                  });
              if (debezium) {
                DEBEZIUM_FIDELITY_KEYS.forEach(k -> fidelity.putIfAbsent(k, "(unset)"));
              }
              byClass
                  .computeIfAbsent(debezium ? "io.debezium" : connectorClass, c -> new TreeMap<>())
                  .put(path, fidelity);
            });
    assertThat(byClass)
        .containsOnlyKeys(
            "io.debezium",
            "io.tidemark.connect.s3.S3SinkConnector",
            "io.tidemark.connect.redshift.RedshiftSinkConnector");
    byClass.forEach(
        (cls, configs) -> {
          Map<String, String> first = configs.values().iterator().next();
          configs.forEach(
              (path, fidelity) ->
                  assertThat(fidelity)
                      .as(
                          "%s: fidelity settings against %s",
                          path, configs.keySet().iterator().next())
                      .isEqualTo(first));
        });
    assertThat(byClass.get("io.debezium")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(byClass.get("io.tidemark.connect.s3.S3SinkConnector")).hasSize(4);
    assertThat(byClass.get("io.tidemark.connect.redshift.RedshiftSinkConnector")).hasSize(3);
  }
}
