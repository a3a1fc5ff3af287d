package io.tidemark.common.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SecretsManagerConfigProviderTest {
  private final Map<String, String> store = new HashMap<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final SecretSource source =
      id -> {
        fetches.incrementAndGet();
        String value = store.get(id);
        if (value == null) {
          throw new SecretNotFoundException("no secret " + id + " in AWS Secrets Manager", null);
        }
        return SecretValues.parse(value);
      };

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void jsonSecretsGiveTheirKeysAndPlainSecretsTheKeyValue() {
    store.put(
        "tidemark/mysql",
        "{\"username\":\"debezium\",\"password\":\"s3cr\\\"et\",\"port\":3306,\"tls\":true}");
    store.put("tidemark/token", "plain-token");
    SecretsManagerConfigProvider provider =
        new SecretsManagerConfigProvider(source, Duration.ofMinutes(5), Clock.systemUTC());

    assertThat(provider.get("tidemark/mysql", Set.of("password", "port")).data())
        .containsExactlyInAnyOrderEntriesOf(Map.of("password", "s3cr\"et", "port", "3306"));
    assertThat(provider.get("tidemark/mysql").data()).containsEntry("tls", "true").hasSize(4);
    assertThat(provider.get("tidemark/token", Set.of(SecretValues.PLAIN_KEY)).data())
        .containsExactly(Map.entry("value", "plain-token"));
    assertThat(provider.get("", Set.of("x")).data()).isEmpty();
  }

  @Test
  void aMissingSecretOrKeyFailsNamingThemButNoValue() {
    store.put("tidemark/mysql", "{\"password\":\"hunter2\"}");
    SecretsManagerConfigProvider provider =
        new SecretsManagerConfigProvider(source, Duration.ofMinutes(5), Clock.systemUTC());

    assertThatThrownBy(() -> provider.get("tidemark/none", Set.of("password")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tidemark/none");
    assertThatThrownBy(() -> provider.get("tidemark/mysql", Set.of("user")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tidemark/mysql")
        .hasMessageContaining("no key user")
        .hasMessageContaining("password")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void secretsAreFetchedOncePerTimeToLive() {
    store.put("tidemark/mysql", "{\"password\":\"one\"}");
    MutableClock clock = new MutableClock();
    SecretsManagerConfigProvider provider =
        new SecretsManagerConfigProvider(source, Duration.ofMinutes(5), clock);

    for (int i = 0; i < 10; i++) {
      assertThat(provider.get("tidemark/mysql", Set.of("password")).data())
          .containsEntry("password", "one");
    }
    assertThat(fetches).hasValue(1);

    store.put("tidemark/mysql", "{\"password\":\"two\"}");
    clock.now = clock.now.plus(Duration.ofMinutes(4));
    assertThat(provider.get("tidemark/mysql", Set.of("password")).data())
        .containsEntry("password", "one");
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertThat(provider.get("tidemark/mysql", Set.of("password")).data())
        .containsEntry("password", "two");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void configIsValidatedWithTheKeyNamed() {
    assertThatThrownBy(() -> new SecretsManagerConfigProviderConfig(Map.of("cache.ttl.ms", "-1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cache.ttl.ms");
    SecretsManagerConfigProviderConfig config =
        new SecretsManagerConfigProviderConfig(
            Map.of("region", " eu-west-1 ", "secret.access.key", "k"));
    assertThat(config.region()).isEqualTo("eu-west-1");
    assertThat(config.cacheTtlMs()).isEqualTo(300_000L);
    assertThat(config.secretAccessKey().toString()).doesNotContain("k").isEqualTo("[hidden]");
    assertThat(SecretsManagerConfigProviderConfig.CONFIG_DEF.names())
        .containsExactlyInAnyOrderElementsOf(
            List.of(
                "region", "endpoint.url", "access.key.id", "secret.access.key", "cache.ttl.ms"));
  }
}
