package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class RedshiftSinkConnectorTest {
  private static final Map<String, String> GOOD =
      Map.of(RedshiftSinkConfig.REGION, "us-east-1", RedshiftSinkConfig.WORKGROUP, "wg");

  private static Map<String, List<String>> errors(Config config) {
    return config.configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  @Test
  void validConfigHasNoErrors() {
    assertThat(errors(new RedshiftSinkConnector().validate(GOOD))).isEmpty();
  }

  @Test
  void crossKeyErrorsLandOnTheKeyConcerned() {
    Map<String, List<String>> errors =
        errors(
            new RedshiftSinkConnector()
                .validate(
                    Map.of(
                        RedshiftSinkConfig.REGION,
                        "us-east-1",
                        RedshiftSinkConfig.WORKGROUP,
                        "wg",
                        RedshiftSinkConfig.CLUSTER,
                        "c",
                        RedshiftSinkConfig.ACCESS_KEY_ID,
                        "k")));
    assertThat(errors)
        .containsOnlyKeys(
            RedshiftSinkConfig.CLUSTER,
            RedshiftSinkConfig.SECRET_ARN,
            RedshiftSinkConfig.SECRET_ACCESS_KEY);
  }

  @Test
  void copyLoadPathIsValidWithItsBucketAndRole() {
    Map<String, List<String>> errors =
        errors(
            new RedshiftSinkConnector()
                .validate(
                    Map.of(
                        RedshiftSinkConfig.REGION,
                        "us-east-1",
                        RedshiftSinkConfig.WORKGROUP,
                        "wg",
                        RedshiftSinkConfig.LOAD_PATH,
                        "copy",
                        RedshiftSinkConfig.COPY_BUCKET,
                        "b",
                        RedshiftSinkConfig.COPY_IAM_ROLE,
                        "arn:aws:iam::1:role/r")));
    assertThat(errors).isEmpty();
    Map<String, List<String>> missing =
        errors(
            new RedshiftSinkConnector()
                .validate(
                    Map.of(
                        RedshiftSinkConfig.REGION,
                        "us-east-1",
                        RedshiftSinkConfig.WORKGROUP,
                        "wg",
                        RedshiftSinkConfig.LOAD_PATH,
                        "copy",
                        RedshiftSinkConfig.COPY_S3_ENDPOINT,
                        "not a url",
                        RedshiftSinkConfig.INCOMPATIBLE_HANDLING,
                        "ignore")));
    assertThat(missing)
        .containsOnlyKeys(
            RedshiftSinkConfig.COPY_BUCKET,
            RedshiftSinkConfig.COPY_IAM_ROLE,
            RedshiftSinkConfig.COPY_S3_ENDPOINT,
            RedshiftSinkConfig.INCOMPATIBLE_HANDLING);
  }

  @Test
  void badTombstoneHandlingIsReportedOnItsKey() {
    Map<String, List<String>> errors =
        errors(
            new RedshiftSinkConnector()
                .validate(
                    Map.of(
                        RedshiftSinkConfig.REGION,
                        "us-east-1",
                        RedshiftSinkConfig.WORKGROUP,
                        "wg",
                        RedshiftSinkConfig.TOMBSTONE_HANDLING,
                        "delete")));
    assertThat(errors).containsOnlyKeys(RedshiftSinkConfig.TOMBSTONE_HANDLING);
  }

  @Test
  void everyTaskGetsTheConnectorConfig() {
    RedshiftSinkConnector connector = new RedshiftSinkConnector();
    connector.start(GOOD);
    List<Map<String, String>> tasks = connector.taskConfigs(3);
    assertThat(tasks).hasSize(3);
    for (int i = 0; i < 3; i++) {
      Map<String, String> expected = new java.util.HashMap<>(GOOD);
      expected.put(RedshiftSinkTask.TASK_ID, Integer.toString(i));
      assertThat(tasks.get(i)).as("task %d names its metrics by its index", i).isEqualTo(expected);
    }
    assertThat(connector.taskClass()).isEqualTo(RedshiftSinkTask.class);
    assertThat(connector.config().names()).contains(RedshiftSinkConfig.POSITION_FIELD);
    assertThat(connector.version())
        .isEqualTo(new RedshiftSinkTask().version())
        .doesNotContain("${")
        .isNotEqualTo("unknown");
  }
}
