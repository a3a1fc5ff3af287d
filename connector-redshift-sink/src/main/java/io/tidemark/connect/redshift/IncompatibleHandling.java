package io.tidemark.connect.redshift;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the sink does with a change its target column cannot take (a source type change). */
public enum IncompatibleHandling {
  FAIL,
  DLQ;

  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code fail} or {@code dlq}; anything else fails. */
  public static IncompatibleHandling parse(String value) {
    for (IncompatibleHandling t : values()) {
      if (t.configValue().equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown incompatible change handling '"
            + value
            + "', expected one of: "
            + Arrays.stream(values())
                .map(IncompatibleHandling::configValue)
                .collect(Collectors.joining(", ")));
  }
}
