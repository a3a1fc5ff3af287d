package io.tidemark.common.secrets;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Resolves {@code ${secretsmanager:<secret id>:<key>}} in connector configs from AWS Secrets
 * Manager. Worker config:
 *
 * <pre>
 * config.providers=secretsmanager
 * config.providers.secretsmanager.class=io.tidemark.common.secrets.SecretsManagerConfigProvider
 * config.providers.secretsmanager.param.region=eu-west-1
 * </pre>
 *
 * <p>Secrets are cached ({@code cache.ttl.ms}); errors name the secret id and key, never a value.
 */
public final class SecretsManagerConfigProvider implements ConfigProvider {
  private SecretCache cache;
  private AutoCloseable closeable = () -> {};

  public SecretsManagerConfigProvider() {}

  /** For tests: secrets from {@code source}, with an injected clock. */
  SecretsManagerConfigProvider(SecretSource source, Duration ttl, Clock clock) {
    this.cache = new SecretCache(source, ttl, clock);
  }

  @Override
  public void configure(Map<String, ?> configs) {
    SecretsManagerConfigProviderConfig config = new SecretsManagerConfigProviderConfig(configs);
    SecretsManagerSource source = new SecretsManagerSource(client(config));
    closeable = source;
    cache = new SecretCache(source, Duration.ofMillis(config.cacheTtlMs()), Clock.systemUTC());
  }

  private static SecretsManagerClient client(SecretsManagerConfigProviderConfig config) {
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder().httpClient(Apache5HttpClient.create());
    if (!config.region().isEmpty()) {
      builder.region(Region.of(config.region()));
    }
    if (!config.endpointUrl().isEmpty()) {
      try {
        builder.endpointOverride(URI.create(config.endpointUrl()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            SecretsManagerConfigProviderConfig.ENDPOINT_URL, config.endpointUrl(), "not a URL");
      }
    }
    if (!config.accessKeyId().isEmpty()) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey().value())));
    }
    try {
      return builder.build();
    } catch (SdkException e) {
      throw new ConfigException("cannot create the Secrets Manager client: " + e.getMessage());
    }
  }

  /** Every key of the secret {@code path}. */
  @Override
  public ConfigData get(String path) {
    if (path == null || path.isEmpty()) {
      return new ConfigData(Map.of());
    }
    return new ConfigData(new LinkedHashMap<>(fetch(path)));
  }

  /**
   * The given keys of the secret {@code path}; a missing key fails naming the secret and the key.
   */
  @Override
  public ConfigData get(String path, Set<String> keys) {
    if (path == null || path.isEmpty()) {
      return new ConfigData(Map.of());
    }
    Map<String, String> secret = fetch(path);
    Map<String, String> data = new LinkedHashMap<>();
    for (String key : keys) {
      if (!secret.containsKey(key)) {
        throw new ConfigException(
            "secret "
                + path
                + " in AWS Secrets Manager has no key "
                + key
                + " (it has "
                + String.join(", ", new java.util.TreeSet<>(secret.keySet()))
                + ")");
      }
      data.put(key, secret.get(key));
    }
    return new ConfigData(data);
  }

  private Map<String, String> fetch(String secretId) {
    if (cache == null) {
      throw new IllegalStateException("configure() was not called");
    }
    try {
      return cache.get(secretId);
    } catch (SecretNotFoundException e) {
      throw new ConfigException(e.getMessage());
    } catch (SdkException e) {
      // SDK messages name the request, not the secret's value.
      throw new ConfigException(
          "cannot read secret " + secretId + " from AWS Secrets Manager: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      closeable.close();
    } catch (Exception e) {
      // Nothing to keep: the HTTP client's connections go with the provider.
    }
  }
}
