package io.tidemark.connect.athena.sql;

import io.tidemark.common.identifiers.AthenaIdentifiers;
import java.util.Objects;
import java.util.Optional;

/**
 * A database, table or column name that passed Athena's naming rules (lower-case ASCII letters,
 * digits, underscores, at most 255 characters). Both engines use these rules, so a name that works
 * on Trino in a test also works on Athena. Only {@link Quoting} turns an identifier into SQL text.
 */
public final class Identifier implements Comparable<Identifier> {

  static final AthenaIdentifiers RULES = AthenaIdentifiers.defaults();

  private final String name;

  private Identifier(String name) {
    this.name = name;
  }

  /**
   * @param what what the name is for, used in the message, e.g. {@code table.users.keys}
   * @throws IllegalArgumentException naming {@code what} and the rule broken
   */
  public static Identifier of(String name, String what) {
    Objects.requireNonNull(what, "what");
    Optional<String> problem = RULES.problem(name);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(what + ": " + problem.get());
    }
    return new Identifier(name);
  }

  /** Whether {@link #of} would accept {@code name}. */
  public static boolean isValid(String name) {
    return RULES.problem(name).isEmpty();
  }

  public String name() {
    return name;
  }

  /** Whether Athena requires quotes here (reserved word, leading digit or underscore). */
  public boolean needsQuoting() {
    return RULES.needsQuoting(name);
  }

  @Override
  public int compareTo(Identifier o) {
    return name.compareTo(o.name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Identifier other && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
