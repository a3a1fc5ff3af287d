package io.tidemark.common.identifiers;

import java.util.Locale;

/** What {@link IdentifierRules#normalize} does with a name that is a reserved word. */
public enum ReservedWordHandling {
  /** Keep the word; every SQL statement that uses it must quote it. */
  QUOTE,
  /** Append a suffix (default {@code _}) so the name never needs quoting. */
  SUFFIX;

  /** Parses a config value ({@code quote}, {@code suffix}); fails on anything else. */
  public static ReservedWordHandling parse(String value) {
    for (ReservedWordHandling h : values()) {
      if (h.name().toLowerCase(Locale.ROOT).equals(value)) {
        return h;
      }
    }
    throw new IllegalArgumentException(
        "unknown reserved word handling '" + value + "', expected one of: quote, suffix");
  }
}
