package io.tidemark.connect.smt.util;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small, thread-safe cache from one or two schemas (or other keys that shape an output schema) to
 * whatever was compiled for them.
 *
 * <p>Converters hand out the same {@code Schema} instance for every record of one version, so the
 * last entry is checked by identity first: no hashing of deep schemas, no allocation. On a miss, an
 * LRU map keyed by {@code equals} is consulted under a lock.
 */
public final class SchemaCache<V> {

  private static final int DEFAULT_SIZE = 64;

  private record Last<V>(Object a, Object b, V value) {}

  private final Map<List<Object>, V> lru;
  private volatile Last<V> last;

  public SchemaCache() {
    this(DEFAULT_SIZE);
  }

  public SchemaCache(int maxSize) {
    this.lru =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<List<Object>, V> eldest) {
            return size() > maxSize;
          }
        };
  }

  /** The value cached for {@code key}, computing it on a miss. */
  public V get(Object key, Supplier<V> compute) {
    return get(key, null, compute);
  }

  /** The value cached for the pair ({@code a}, {@code b}), computing it on a miss. */
  public V get(Object a, Object b, Supplier<V> compute) {
    Last<V> l = last;
    if (l != null && l.a == a && l.b == b) {
      return l.value;
    }
    List<Object> key = Arrays.asList(a, b);
    V value;
    synchronized (lru) {
      value = lru.get(key);
      if (value == null) {
        value = compute.get();
        lru.put(key, value);
      }
    }
    last = new Last<>(a, b, value);
    return value;
  }

  /** Number of entries, for tests. */
  public int size() {
    synchronized (lru) {
      return lru.size();
    }
  }

  public void clear() {
    synchronized (lru) {
      lru.clear();
    }
    last = null;
  }
}
