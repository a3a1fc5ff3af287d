package io.tidemark.connect.redshift;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the sink does with a record whose value is null. */
public enum TombstoneHandling {
  IGNORE,
  FAIL;

  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code ignore} or {@code fail}; anything else fails. */
  public static TombstoneHandling parse(String value) {
    for (TombstoneHandling t : values()) {
      if (t.configValue().equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown tombstone handling '"
            + value
            + "', expected one of: "
            + Arrays.stream(values())
                .map(TombstoneHandling::configValue)
                .collect(Collectors.joining(", ")));
  }
}
