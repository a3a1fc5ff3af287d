package io.tidemark.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.s3.format.Compression;
import io.tidemark.connect.s3.format.Format;
import io.tidemark.stack.kit.GeneratedDoc;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class S3SinkConfigTest {

  private static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    return m;
  }

  private static Map<String, List<String>> errors(Map<String, String> props) {
    Config c = S3SinkConfig.validate(props);
    return c.configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  @Test
  void defaultsAreValid() {
    assertThat(errors(base())).isEmpty();
    S3SinkConfig c = new S3SinkConfig(base());
    assertThat(c.format()).isEqualTo(Format.PARQUET);
    assertThat(c.compression()).isEqualTo(Compression.SNAPPY);
    assertThat(c.timeZone().getId()).isEqualTo("UTC");
    assertThat(c.variableScaleDecimalScale()).isNull();
  }

  @Test
  void everyKeyIsDocumentedGroupedAndStyled() {
    for (ConfigDef.ConfigKey k : S3SinkConfig.CONFIG_DEF.configKeys().values()) {
      assertThat(k.documentation).as(k.name).isNotBlank();
      assertThat(k.group).as(k.name).isNotBlank();
      assertThat(k.name).as(k.name).matches("[a-z0-9]+(\\.[a-z0-9]+)+");
      if (k.type == ConfigDef.Type.BOOLEAN) {
        assertThat(k.name).endsWith(".enabled");
      }
    }
    assertThat(S3SinkConfig.CONFIG_DEF.configKeys().get(S3SinkConfig.S3_SECRET_ACCESS_KEY).type)
        .isEqualTo(ConfigDef.Type.PASSWORD);
  }

  @Test
  void unknownEnumFailsLoudlyOnItsKey() {
    Map<String, String> p = base();
    p.put(S3SinkConfig.FORMAT_TYPE, "orc");
    assertThat(errors(p)).containsOnlyKeys(S3SinkConfig.FORMAT_TYPE);
    assertThatThrownBy(() -> new S3SinkConfig(p))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("orc");
    p.put(S3SinkConfig.FORMAT_TYPE, "jsonl");
    assertThat(new S3SinkConfig(withCompression(p, "gzip")).format()).isEqualTo(Format.JSONL);
  }

  private static Map<String, String> withCompression(Map<String, String> p, String c) {
    p.put(S3SinkConfig.FORMAT_COMPRESSION, c);
    return p;
  }

  @Test
  void crossFieldErrorsLandOnTheRightKey() {
    Map<String, String> p = base();
    p.put(S3SinkConfig.FORMAT_TYPE, "CSV");
    p.put(S3SinkConfig.FORMAT_COMPRESSION, "SNAPPY");
    p.put(S3SinkConfig.PARTITIONER_TYPE, "FIELD");
    p.put(S3SinkConfig.S3_CREDENTIALS_PROVIDER, "STATIC");
    p.put(S3SinkConfig.S3_ACCESS_KEY_ID, "AKIA");
    p.put(S3SinkConfig.S3_SSE_KMS_KEY_ID, "arn:aws:kms:key");
    p.put(S3SinkConfig.ROTATE_RECORD_COUNT, "0");
    p.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "0"); // with no rotation at all: an error
    p.put(S3SinkConfig.COMMIT_EVENTS_TOPIC, "s3-commits");
    p.put(S3SinkConfig.RETRY_BACKOFF_MAX_MS, "10");
    assertThat(errors(p))
        .containsOnlyKeys(
            S3SinkConfig.FORMAT_COMPRESSION,
            S3SinkConfig.PARTITIONER_FIELD_NAMES,
            S3SinkConfig.S3_SECRET_ACCESS_KEY,
            S3SinkConfig.S3_SSE_KMS_KEY_ID,
            S3SinkConfig.ROTATE_RECORD_COUNT,
            S3SinkConfig.COMMIT_EVENTS_BOOTSTRAP_SERVERS,
            S3SinkConfig.RETRY_BACKOFF_MAX_MS);
    assertThat(errors(p).get(S3SinkConfig.FORMAT_COMPRESSION).get(0))
        .contains("CSV does not support SNAPPY");
    assertThatThrownBy(() -> new S3SinkConfig(p)).isInstanceOf(ConfigException.class);
  }

  /** A quiet partition must land its records and commit without any setting of the user's. */
  @Test
  void filesCloseOnAScheduleByDefaultSoAQuietPartitionLands() {
    S3SinkConfig config = new S3SinkConfig(base());
    assertThat(config.getLong(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS)).isEqualTo(600_000L);
  }

  @Test
  void timeSettingsAreValidated() {
    Map<String, String> p = base();
    p.put(S3SinkConfig.PARTITIONER_TYPE, "TIME");
    p.put(S3SinkConfig.PARTITIONER_TIME_SOURCE, "FIELD");
    p.put(S3SinkConfig.PARTITIONER_TIME_ZONE, "Mars/Olympus");
    p.put(S3SinkConfig.PARTITIONER_TIME_PATH_FORMAT, "static");
    assertThat(errors(p))
        .containsOnlyKeys(
            S3SinkConfig.PARTITIONER_TIME_FIELD,
            S3SinkConfig.PARTITIONER_TIME_ZONE,
            S3SinkConfig.PARTITIONER_TIME_PATH_FORMAT);
  }

  @Test
  void partSizeBelowTheS3MinimumIsRejected() {
    Map<String, String> p = base();
    p.put(S3SinkConfig.S3_PART_SIZE_BYTES, "1048576");
    assertThat(errors(p)).containsOnlyKeys(S3SinkConfig.S3_PART_SIZE_BYTES);
  }

  @Test
  void generatedReferenceIsCurrent() {
    GeneratedDoc.assertCurrent(
        Path.of("docs/configuration.md"), ConfigReference.markdown(S3SinkConfig.CONFIG_DEF));
  }
}
