package io.tidemark.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretScanTest {
  @Test
  void aSecretInATextIsReportedByNameAndPlaceNeverByValue() {
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("mysql.password", "tmS3cretPassw0rd");
    secrets.put("pii.hmac.key", "tmHmacKeyValue1234");
    SecretScan scan = new SecretScan(secrets);
    scan.scan("logs/connect.log", "started\nusing password tmS3cretPassw0rd for debezium\n");
    scan.scan("status of s3", "{\"state\":\"RUNNING\"}");
    assertThat(scan.findings()).containsExactly("mysql.password in logs/connect.log (line 2)");
    assertThat(scan.findings().get(0)).doesNotContain("tmS3cretPassw0rd");
    assertThat(scan.sources()).isEqualTo(2);
  }

  @Test
  void cleanTextsHaveNoFindings() {
    SecretScan scan = new SecretScan(Map.of("aws.secret", "tmAwsSecretKey42"));
    scan.scan("a", "nothing here but tmAwsSecret and [hidden]");
    assertThat(scan.findings()).isEmpty();
  }

  @Test
  void aSecretTooShortToScanForIsRefused() {
    assertThatThrownBy(() -> new SecretScan(Map.of("pin", "1234")))
        .hasMessageContaining("pin is shorter than 8");
  }
}
