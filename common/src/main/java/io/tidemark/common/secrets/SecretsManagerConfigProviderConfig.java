package io.tidemark.common.secrets;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings of {@link SecretsManagerConfigProvider}, given on the worker as {@code
 * config.providers.secretsmanager.param.<key>}.
 */
public final class SecretsManagerConfigProviderConfig extends AbstractConfig {
  public static final String REGION = "region";
  public static final String ENDPOINT_URL = "endpoint.url";
  public static final String ACCESS_KEY_ID = "access.key.id";
  public static final String SECRET_ACCESS_KEY = "secret.access.key";
  public static final String CACHE_TTL_MS = "cache.ttl.ms";

  private static final String GROUP = "AWS Secrets Manager";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              REGION,
              ConfigDef.Type.STRING,
              "",
              ConfigDef.Importance.HIGH,
              "AWS region of the secrets, e.g. eu-west-1; empty: the SDK's default region chain (AWS_REGION, profile,"
                  + " instance metadata).",
              GROUP,
              1,
              ConfigDef.Width.SHORT,
              "Region")
          .define(
              ENDPOINT_URL,
              ConfigDef.Type.STRING,
              "",
              ConfigDef.Importance.LOW,
              "Secrets Manager endpoint to use instead of AWS's, e.g. a VPC endpoint or a local stand-in; empty: AWS's"
                  + " regional endpoint.",
              GROUP,
              2,
              ConfigDef.Width.LONG,
              "Endpoint URL")
          .define(
              ACCESS_KEY_ID,
              ConfigDef.Type.STRING,
              "",
              ConfigDef.Importance.LOW,
              "Static access key id; empty (recommended): the SDK's default credentials chain, e.g. the MSK Connect"
                  + " service execution role.",
              GROUP,
              3,
              ConfigDef.Width.MEDIUM,
              "Access key id")
          .define(
              SECRET_ACCESS_KEY,
              ConfigDef.Type.PASSWORD,
              "",
              ConfigDef.Importance.LOW,
              "Static secret access key, with " + ACCESS_KEY_ID + ".",
              GROUP,
              4,
              ConfigDef.Width.MEDIUM,
              "Secret access key")
          .define(
              CACHE_TTL_MS,
              ConfigDef.Type.LONG,
              300_000L,
              ConfigDef.Range.atLeast(0),
              ConfigDef.Importance.MEDIUM,
              "How long a fetched secret is reused before it is fetched again (a rotated secret is seen after at most"
                  + " this long, at the next connector or task start).",
              GROUP,
              5,
              ConfigDef.Width.SHORT,
              "Cache time to live (ms)");

  public SecretsManagerConfigProviderConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals, false);
  }

  public String region() {
    return getString(REGION).trim();
  }

  public String endpointUrl() {
    return getString(ENDPOINT_URL).trim();
  }

  public String accessKeyId() {
    return getString(ACCESS_KEY_ID).trim();
  }

  public Password secretAccessKey() {
    return getPassword(SECRET_ACCESS_KEY);
  }

  public long cacheTtlMs() {
    return getLong(CACHE_TTL_MS);
  }
}
