package io.tidemark.connect.redshift.dataapi;

import io.tidemark.connect.redshift.RedshiftSinkConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClientBuilder;

/** Builds the SDK client and the runner from the connector's configuration. */
public final class DataApiClients {

  private DataApiClients() {}

  /**
   * A client for the configured region and endpoint. SDK-level retries are off: the runner retries
   * with its own policy (same ClientToken), so attempts are not multiplied.
   */
  public static RedshiftDataClient client(RedshiftSinkConfig config) {
    RedshiftDataClientBuilder builder =
        RedshiftDataClient.builder()
            .region(Region.of(config.getString(RedshiftSinkConfig.REGION)))
            .overrideConfiguration(
                c -> c.retryStrategy(r -> r.maxAttempts(1)).apiCallTimeout(Duration.ofMinutes(1)));
    config
        .optional(RedshiftSinkConfig.ENDPOINT_OVERRIDE)
        .ifPresent(e -> builder.endpointOverride(URI.create(e)));
    var keyId = config.optional(RedshiftSinkConfig.ACCESS_KEY_ID);
    if (keyId.isPresent()) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(keyId.get(), config.secretAccessKey().value())));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder.build();
  }

  public static PollPolicy pollPolicy(RedshiftSinkConfig config) {
    PollPolicy defaults = PollPolicy.defaults();
    return new PollPolicy(
        Duration.ofMillis(config.getLong(RedshiftSinkConfig.POLL_INITIAL_MS)),
        Duration.ofMillis(config.getLong(RedshiftSinkConfig.POLL_MAX_MS)),
        Duration.ofMillis(config.getLong(RedshiftSinkConfig.STATEMENT_TIMEOUT_MS)),
        config.getInt(RedshiftSinkConfig.MAX_ATTEMPTS),
        defaults.retryBase(),
        defaults.jitter(),
        Duration.ofMillis(config.getLong(RedshiftSinkConfig.SETTLE_TIMEOUT_MS)));
  }

  /**
   * The runner for {@code config}; {@code logContext} names the connector and task for log lines.
   */
  public static DataApiStatementRunner runner(RedshiftSinkConfig config, String logContext) {
    return new DataApiStatementRunner(
        client(config), config.target(), pollPolicy(config), Sleeper.SYSTEM, logContext);
  }
}
