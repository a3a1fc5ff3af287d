package io.tidemark.connect.redshift;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How staged changes reach Redshift: COPY from gzip JSON lines in S3, or multi-row INSERTs. */
public enum LoadPath {
  COPY,
  INSERT;

  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code copy} or {@code insert}; anything else fails. */
  public static LoadPath parse(String value) {
    for (LoadPath p : values()) {
      if (p.configValue().equals(value)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown load path '"
            + value
            + "', expected one of: "
            + Arrays.stream(values()).map(LoadPath::configValue).collect(Collectors.joining(", ")));
  }
}
