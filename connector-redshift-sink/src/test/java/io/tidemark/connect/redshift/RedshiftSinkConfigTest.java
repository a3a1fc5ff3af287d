package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.redshift.sql.WriteMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class RedshiftSinkConfigTest {

  private static Map<String, String> serverless() {
    Map<String, String> props = new HashMap<>();
    props.put(RedshiftSinkConfig.REGION, "eu-west-1");
    props.put(RedshiftSinkConfig.WORKGROUP, "wg");
    props.put(RedshiftSinkConfig.SECRET_ARN, "arn:aws:secretsmanager:eu-west-1:1:secret:x");
    return props;
  }

  private static List<String> errors(Map<String, String> props, String key) {
    return RedshiftSinkConfig.validate(props).configValues().stream()
        .filter(v -> v.name().equals(key))
        .findFirst()
        .map(ConfigValue::errorMessages)
        .orElseThrow();
  }

  private static long errorCount(Map<String, String> props) {
    return RedshiftSinkConfig.validate(props).configValues().stream()
        .mapToLong(v -> v.errorMessages().size())
        .sum();
  }

  @Test
  void serverlessWithSecretIsValid() {
    assertThat(errorCount(serverless())).isZero();
    RedshiftSinkConfig config = new RedshiftSinkConfig(serverless());
    assertThat(config.mode()).isEqualTo(WriteMode.UPSERT);
    assertThat(config.loadPath()).isEqualTo(LoadPath.INSERT);
    assertThat(config.target().workgroupName()).contains("wg");
    assertThat(config.limits().maxStatements()).isEqualTo(40);
  }

  /**
   * A write holds at most one put's records: a COPY threshold above the consumer's max.poll.records
   * would never be reached, so COPY would silently never run.
   */
  @Test
  void aCopyThresholdAboveTheConsumersPollSizeIsAnErrorOnTheThresholdKey() {
    Map<String, String> props = serverless();
    props.put(RedshiftSinkConfig.LOAD_PATH, "copy");
    props.put(RedshiftSinkConfig.COPY_BUCKET, "b");
    props.put(RedshiftSinkConfig.COPY_IAM_ROLE, "arn:aws:iam::1:role/r");
    props.put(RedshiftSinkConfig.CONSUMER_MAX_POLL_RECORDS, "500");
    assertThat(errors(props, RedshiftSinkConfig.COPY_MIN_ROWS))
        .singleElement()
        .asString()
        .contains("redshift.copy.min.rows=1000", "max.poll.records=500", "never run");
    assertThatThrownBy(() -> new RedshiftSinkConfig(props)).isInstanceOf(ConfigException.class);

    props.put(RedshiftSinkConfig.COPY_MIN_ROWS, "500");
    assertThat(errorCount(props)).isZero();
    props.put(RedshiftSinkConfig.COPY_MIN_ROWS, "1000");
    props.put(RedshiftSinkConfig.CONSUMER_MAX_POLL_RECORDS, "5000");
    assertThat(errorCount(props)).isZero();
    // Unknown here (the worker's consumer.max.poll.records may be large): the task warns instead.
    props.remove(RedshiftSinkConfig.CONSUMER_MAX_POLL_RECORDS);
    assertThat(errorCount(props)).isZero();
    // The insert path has no threshold.
    props.put(RedshiftSinkConfig.LOAD_PATH, "insert");
    props.put(RedshiftSinkConfig.CONSUMER_MAX_POLL_RECORDS, "10");
    assertThat(errorCount(props)).isZero();
  }

  @Test
  void workgroupOrClusterIsRequiredOnTheWorkgroupKey() {
    Map<String, String> props = serverless();
    props.remove(RedshiftSinkConfig.WORKGROUP);
    assertThat(errors(props, RedshiftSinkConfig.WORKGROUP))
        .singleElement()
        .asString()
        .contains("redshift.cluster.identifier");
    assertThatThrownBy(() -> new RedshiftSinkConfig(props)).isInstanceOf(ConfigException.class);
  }

  @Test
  void bothWorkgroupAndClusterIsAnErrorOnTheClusterKey() {
    Map<String, String> props = serverless();
    props.put(RedshiftSinkConfig.CLUSTER, "c1");
    assertThat(errors(props, RedshiftSinkConfig.CLUSTER)).hasSize(1);
    assertThat(errors(props, RedshiftSinkConfig.WORKGROUP)).isEmpty();
  }

  @Test
  void dbUserIsForProvisionedClustersOnly() {
    Map<String, String> props = serverless();
    props.put(RedshiftSinkConfig.DB_USER, "awsuser");
    assertThat(errors(props, RedshiftSinkConfig.DB_USER))
        .singleElement()
        .asString()
        .contains("provisioned");
  }

  @Test
  void clusterNeedsSecretOrDbUser() {
    Map<String, String> props = serverless();
    props.remove(RedshiftSinkConfig.WORKGROUP);
    props.remove(RedshiftSinkConfig.SECRET_ARN);
    props.put(RedshiftSinkConfig.CLUSTER, "c1");
    assertThat(errors(props, RedshiftSinkConfig.SECRET_ARN)).hasSize(1);
    props.put(RedshiftSinkConfig.DB_USER, "awsuser");
    assertThat(errorCount(props)).isZero();
    assertThat(new RedshiftSinkConfig(props).target().dbUser()).contains("awsuser");
  }

  @Test
  void copyPathNeedsBucketAndRole() {
    Map<String, String> props = serverless();
    props.put(RedshiftSinkConfig.LOAD_PATH, "copy");
    assertThat(errors(props, RedshiftSinkConfig.COPY_BUCKET)).hasSize(1);
    assertThat(errors(props, RedshiftSinkConfig.COPY_IAM_ROLE)).hasSize(1);
  }

  @Test
  void enumsFailLoudly() {
    Map<String, String> props = serverless();
    props.put(RedshiftSinkConfig.MODE, "UPSERT");
    props.put(RedshiftSinkConfig.LOAD_PATH, "bulk");
    assertThat(errors(props, RedshiftSinkConfig.MODE))
        .singleElement()
        .asString()
        .contains("append, upsert");
    assertThat(errors(props, RedshiftSinkConfig.LOAD_PATH)).hasSize(1);
    assertThatThrownBy(() -> WriteMode.parse("merge")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoadPath.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limitsAndIdentifiersAreRangeChecked() {
    Map<String, String> props = serverless();
    props.put(RedshiftSinkConfig.MAX_STATEMENTS, "41");
    props.put(RedshiftSinkConfig.MAX_STATEMENT_BYTES, "102400");
    props.put(RedshiftSinkConfig.OFFSETS_TABLE, "x".repeat(128));
    props.put(RedshiftSinkConfig.SCHEMA, "a\"b");
    assertThat(errors(props, RedshiftSinkConfig.MAX_STATEMENTS)).hasSize(1);
    assertThat(errors(props, RedshiftSinkConfig.MAX_STATEMENT_BYTES)).hasSize(1);
    assertThat(errors(props, RedshiftSinkConfig.OFFSETS_TABLE)).hasSize(1);
    assertThat(errors(props, RedshiftSinkConfig.SCHEMA)).hasSize(1);
  }

  @Test
  void staticKeysGoTogetherAndTheSecretIsAPassword() {
    Map<String, String> props = serverless();
    props.put(RedshiftSinkConfig.ACCESS_KEY_ID, "AKIA");
    assertThat(errors(props, RedshiftSinkConfig.SECRET_ACCESS_KEY)).hasSize(1);
    props.put(RedshiftSinkConfig.SECRET_ACCESS_KEY, "s3cret");
    RedshiftSinkConfig config = new RedshiftSinkConfig(props);
    assertThat(config.secretAccessKey().toString()).doesNotContain("s3cret");
  }

  @Test
  void everyKeyIsDocumented() {
    RedshiftSinkConfig.CONFIG_DEF
        .configKeys()
        .values()
        .forEach(
            k -> {
              assertThat(k.documentation).as(k.name).isNotBlank();
              assertThat(k.group).as(k.name).isNotBlank();
              assertThat(k.name).startsWith("redshift.");
            });
  }

  @Test
  void pollPolicyAndClientComeFromTheConfig() {
    Map<String, String> props = serverless();
    props.put(RedshiftSinkConfig.POLL_INITIAL_MS, "20");
    props.put(RedshiftSinkConfig.POLL_MAX_MS, "300");
    props.put(RedshiftSinkConfig.MAX_ATTEMPTS, "4");
    props.put(RedshiftSinkConfig.ENDPOINT_OVERRIDE, "http://127.0.0.1:1");
    RedshiftSinkConfig config = new RedshiftSinkConfig(props);
    var policy = io.tidemark.connect.redshift.dataapi.DataApiClients.pollPolicy(config);
    assertThat(policy.pollDelay(0)).hasMillis(20);
    assertThat(policy.pollDelay(10)).hasMillis(300);
    assertThat(policy.maxAttempts()).isEqualTo(4);
    try (var client = io.tidemark.connect.redshift.dataapi.DataApiClients.client(config)) {
      assertThat(client.serviceClientConfiguration().endpointOverride())
          .hasValue(java.net.URI.create("http://127.0.0.1:1"));
    }
  }

  @Test
  void endpointOverrideMustBeAUrl() {
    Map<String, String> props = serverless();
    props.put(RedshiftSinkConfig.ENDPOINT_OVERRIDE, "127.0.0.1:4566");
    assertThat(errors(props, RedshiftSinkConfig.ENDPOINT_OVERRIDE)).hasSize(1);
  }
}
