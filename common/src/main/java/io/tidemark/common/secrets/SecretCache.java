package io.tidemark.common.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets fetched once per id and kept for a time to live: a worker resolves the same reference for
 * every connector and task start, and Secrets Manager charges (and throttles) per call.
 */
public final class SecretCache {
  private final SecretSource source;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(Map<String, String> values, Instant fetchedAt) {}

  public SecretCache(SecretSource source, Duration ttl, Clock clock) {
    this.source = source;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** The secret's pairs, from the cache while younger than the time to live. */
  public Map<String, String> get(String secretId) {
    Instant now = clock.instant();
    Entry entry = entries.get(secretId);
    if (entry == null || !now.isBefore(entry.fetchedAt().plus(ttl))) {
      entry = new Entry(Map.copyOf(source.fetch(secretId)), now);
      entries.put(secretId, entry);
    }
    return entry.values();
  }
}
