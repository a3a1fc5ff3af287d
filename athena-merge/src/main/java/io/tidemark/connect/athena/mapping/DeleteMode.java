package io.tidemark.connect.athena.mapping;

import java.util.Locale;

/** How a delete marker reaches the target table. */
public enum DeleteMode {
  /**
   * The row is removed. A change for that key that arrives after the delete but is older than it
   * (commit events are not ordered across objects) inserts the key again.
   */
  HARD,
  /**
   * The row stays with the delete column set: every change, including deletes, is guarded by the
   * position column, so the result does not depend on arrival order. Readers filter.
   */
  SOFT;

  /** Parses {@code hard} / {@code soft}; fails on anything else. */
  public static DeleteMode parse(String value) {
    for (DeleteMode m : values()) {
      if (m.name().toLowerCase(Locale.ROOT).equals(value)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown delete mode '" + value + "', expected one of: hard, soft");
  }
}
