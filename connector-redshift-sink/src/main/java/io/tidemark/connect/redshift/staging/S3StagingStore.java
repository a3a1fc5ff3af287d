package io.tidemark.connect.redshift.staging;

import io.tidemark.connect.redshift.RedshiftSinkConfig;
import io.tidemark.connect.redshift.dataapi.DataApiErrors;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * {@link StagingStore} on S3 (SDK v2, Apache 5 HTTP client). The SDK's standard retries stay on for
 * these small idempotent calls; what still fails goes through {@link DataApiErrors}, the one
 * classifier, to become retriable (throttling, 5xx, network) or fatal (access denied, no bucket).
 */
public final class S3StagingStore implements StagingStore {

  private final S3Client s3;
  private final String bucket;
  private final String logContext;

  public S3StagingStore(S3Client s3, String bucket, String logContext) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.logContext = Objects.requireNonNull(logContext, "logContext");
  }

  /**
   * The store for {@code config}: staging region, endpoint override, path style, the connector's
   * AWS credentials.
   */
  public static S3StagingStore create(RedshiftSinkConfig config, String logContext) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .region(Region.of(config.stagingRegion()))
            .forcePathStyle(config.getBoolean(RedshiftSinkConfig.COPY_S3_PATH_STYLE))
            // Plain payloads with a Content-MD5-free PUT work on S3 and on older S3-compatible
            // servers alike.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    config
        .optional(RedshiftSinkConfig.COPY_S3_ENDPOINT)
        .ifPresent(e -> builder.endpointOverride(URI.create(e)));
    var keyId = config.optional(RedshiftSinkConfig.ACCESS_KEY_ID);
    if (keyId.isPresent()) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(keyId.get(), config.secretAccessKey().value())));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return new S3StagingStore(
        builder.build(), config.getString(RedshiftSinkConfig.COPY_BUCKET).trim(), logContext);
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public void put(String key, byte[] body) {
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(key).contentType("application/octet-stream"),
          RequestBody.fromBytes(body));
    } catch (SdkException e) {
      throw DataApiErrors.toConnect(
          logContext + " staging s3://" + bucket + "/" + key + " failed", e);
    }
  }

  /**
   * One DeleteObject per key: a batch stages two objects per table, and multi-delete needs
   * checksums some S3-compatible servers reject.
   */
  @Override
  public void delete(List<String> keys) {
    for (String key : keys) {
      try {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
      } catch (SdkException e) {
        throw DataApiErrors.toConnect(
            logContext + " deleting staged s3://" + bucket + "/" + key + " failed", e);
      }
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
