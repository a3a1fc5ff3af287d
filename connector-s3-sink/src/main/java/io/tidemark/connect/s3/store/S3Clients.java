package io.tidemark.connect.s3.store;

import io.tidemark.connect.s3.S3SinkConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the SDK client from the config: region, endpoint override and path style, credentials
 * (default chain, static keys or STS AssumeRole on top of the default chain), checksum mode, and
 * the Apache 5 HTTP client. SDK retries are off: {@code Retrier} owns retrying, so attempts and
 * backoff are what the config says.
 */
public final class S3Clients {

  private S3Clients() {}

  public static S3Client create(S3SinkConfig config) {
    Region region = Region.of(config.getString(S3SinkConfig.S3_REGION).trim());
    var builder =
        S3Client.builder()
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .region(region)
            .forcePathStyle(config.getBoolean(S3SinkConfig.S3_PATH_STYLE_ACCESS_ENABLED))
            .credentialsProvider(credentials(config, region))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    String endpoint = config.getString(S3SinkConfig.S3_ENDPOINT_URL).trim();
    if (!endpoint.isEmpty()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    if (config.checksumMode() == S3SinkConfig.ChecksumMode.WHEN_REQUIRED) {
      builder
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    } else {
      builder
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_SUPPORTED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_SUPPORTED);
    }
    return builder.build();
  }

  static AwsCredentialsProvider credentials(S3SinkConfig config, Region region) {
    switch (config.credentialsProvider()) {
      case STATIC:
        return StaticCredentialsProvider.create(
            AwsBasicCredentials.create(
                config.getString(S3SinkConfig.S3_ACCESS_KEY_ID).trim(),
                config.getPassword(S3SinkConfig.S3_SECRET_ACCESS_KEY).value()));
      case ASSUME_ROLE:
        String externalId = config.getPassword(S3SinkConfig.S3_STS_EXTERNAL_ID).value();
        StsClient sts =
            StsClient.builder()
                .region(region)
                .httpClientBuilder(Apache5HttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
        return StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(
                r -> {
                  r.roleArn(config.getString(S3SinkConfig.S3_STS_ROLE_ARN).trim())
                      .roleSessionName(config.getString(S3SinkConfig.S3_STS_SESSION_NAME).trim());
                  if (!externalId.isEmpty()) {
                    r.externalId(externalId);
                  }
                })
            .build();
      case DEFAULT:
      default:
        return DefaultCredentialsProvider.builder().build();
    }
  }
}
