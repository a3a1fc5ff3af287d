package io.tidemark.common.identifiers;

import java.util.List;
import java.util.Map;

/** Two or more distinct names normalize to the same identifier. */
public class IdentifierCollisionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Map<String, List<String>> collisions;

  public IdentifierCollisionException(String target, Map<String, List<String>> collisions) {
    super(message(target, collisions));
    this.collisions = Map.copyOf(collisions);
  }

  /** Normalized name to the original names (in input order) that all map to it. */
  public Map<String, List<String>> collisions() {
    return collisions;
  }

  private static String message(String target, Map<String, List<String>> collisions) {
    StringBuilder b =
        new StringBuilder("names collide after normalizing for ").append(target).append(": ");
    boolean first = true;
    for (Map.Entry<String, List<String>> e : collisions.entrySet()) {
      if (!first) {
        b.append("; ");
      }
      first = false;
      b.append(String.join(", ", e.getValue().stream().map(n -> "'" + n + "'").toList()))
          .append(" -> '")
          .append(e.getKey())
          .append('\'');
    }
    return b.toString();
  }
}
