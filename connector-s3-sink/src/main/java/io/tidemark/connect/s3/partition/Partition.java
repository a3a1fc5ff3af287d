package io.tidemark.connect.s3.partition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a record lands inside its topic's folder: {@code path} (e.g. {@code dt=2026-11-21/hr=08},
 * escaped, no leading or trailing slash) and the partition values it encodes (unescaped, in folder
 * order), which commit events report.
 */
public record Partition(String path, Map<String, String> values) {

  public Partition {
    if (path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("Partition path must not start or end with '/': " + path);
    }
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values)); // keeps the folder order
  }
}
