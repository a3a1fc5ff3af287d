package io.tidemark.common.identifiers;

import java.util.Locale;

/** What {@link IdentifierMapper} does when two different names normalize to the same one. */
public enum CollisionHandling {
  /** Throw {@link IdentifierCollisionException} naming every colliding name. */
  FAIL,
  /**
   * Keep the first name (in input order) and give later ones {@code _2}, {@code _3}, ...:
   * deterministic for a fixed input order, and every rename is reported to the caller.
   */
  NUMBER;

  /** Parses a config value ({@code fail}, {@code number}); fails on anything else. */
  public static CollisionHandling parse(String value) {
    for (CollisionHandling h : values()) {
      if (h.name().toLowerCase(Locale.ROOT).equals(value)) {
        return h;
      }
    }
    throw new IllegalArgumentException(
        "unknown collision handling '" + value + "', expected one of: fail, number");
  }
}
