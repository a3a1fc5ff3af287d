package io.tidemark.common.identifiers;

import java.util.Optional;

/**
 * The naming rules of one SQL target.
 *
 * <p>{@link #normalize} is total and deterministic: any non-null input gives a name that {@link
 * #problem} accepts, possibly one that {@link #needsQuoting} (a reserved word kept under {@link
 * ReservedWordHandling#QUOTE}). Implementations are immutable and thread-safe.
 */
public interface IdentifierRules {

  /** A short name for messages, e.g. {@code redshift}. */
  String target();

  /** Maps {@code name} to a name valid for this target. Same input, same output. */
  String normalize(String name);

  /**
   * Why {@code name} is not usable as an identifier for this target even when quoted (too long,
   * empty, a forbidden character), or empty when it is usable.
   */
  Optional<String> problem(String name);

  /** Whether {@code name} is a reserved word of this target (case-insensitive). */
  boolean isReserved(String name);

  /** Whether {@code name} must be quoted in SQL, e.g. because it is a reserved word. */
  boolean needsQuoting(String name);

  /** {@code name} as a quoted identifier for DML ({@code SELECT}, {@code INSERT}, ...). */
  default String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
