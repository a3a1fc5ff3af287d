package io.tidemark.connect.redshift.sql;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How changes land: appended as new rows, or applied as upserts and deletes by key. */
public enum WriteMode {
  APPEND,
  UPSERT;

  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code append} or {@code upsert}; anything else fails. */
  public static WriteMode parse(String value) {
    for (WriteMode m : values()) {
      if (m.configValue().equals(value)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown write mode '"
            + value
            + "', expected one of: "
            + Arrays.stream(values())
                .map(WriteMode::configValue)
                .collect(Collectors.joining(", ")));
  }
}
