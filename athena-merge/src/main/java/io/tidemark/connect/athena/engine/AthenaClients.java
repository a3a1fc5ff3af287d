package io.tidemark.connect.athena.engine;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;

/**
 * Builds the AthenaClient: Apache 5 HTTP client (one HTTP stack, like the S3 sink), SDK retries off
 * ({@link RetryingRunner} and the poll loop own retries; the request token makes a resent
 * StartQueryExecution safe).
 */
public final class AthenaClients {

  private AthenaClients() {}

  /**
   * @param region empty for the SDK's default region chain
   * @param endpoint empty for the default endpoint
   * @param credentials empty for the SDK's default credentials chain
   */
  public static AthenaClient create(
      Optional<String> region,
      Optional<URI> endpoint,
      Optional<AwsCredentialsProvider> credentials) {
    AthenaClientBuilder b =
        AthenaClient.builder()
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .credentialsProvider(
                credentials.orElseGet(() -> DefaultCredentialsProvider.builder().build()))
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    region.filter(r -> !r.isBlank()).map(Region::of).ifPresent(b::region);
    endpoint.ifPresent(b::endpointOverride);
    return b.build();
  }
}
