package io.tidemark.connect.athena.mapping;

import java.util.Locale;

/** How a delete marker reaches the target table. */
public enum DeleteMode {
  /**
   * The row is removed; its position is kept in the tombstone table ({@code
   * io.tidemark.connect.athena.sql.Tombstones}) for {@code delete.tombstone.retention.ms}, so a
   * change older than the delete that arrives after it (commit events are not ordered across
   * objects, replays are per event partition) does not insert the key again.
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
