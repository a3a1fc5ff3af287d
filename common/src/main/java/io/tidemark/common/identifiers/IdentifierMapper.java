package io.tidemark.common.identifiers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renames a set of sibling names (the columns of one table, the fields of one struct) with one
 * {@link IdentifierRules}, and never merges two of them silently.
 */
public final class IdentifierMapper {

  private final IdentifierRules rules;
  private final CollisionHandling collisions;

  public IdentifierMapper(IdentifierRules rules, CollisionHandling collisions) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.collisions = Objects.requireNonNull(collisions, "collisions");
  }

  public IdentifierRules rules() {
    return rules;
  }

  /**
   * Original name to new name, in input order.
   *
   * @throws IdentifierCollisionException under {@link CollisionHandling#FAIL} when two different
   *     names map to one identifier
   */
  public Map<String, String> renameAll(List<String> names) {
    Map<String, String> result = new LinkedHashMap<>(names.size() * 2);
    Map<String, List<String>> byTarget = new LinkedHashMap<>();
    for (String name : names) {
      String target = rules.normalize(name);
      result.put(name, target);
      byTarget.computeIfAbsent(target, k -> new ArrayList<>(1)).add(name);
    }
    Map<String, List<String>> clashes = new LinkedHashMap<>();
    byTarget.forEach(
        (target, sources) -> {
          if (sources.size() > 1) {
            clashes.put(target, sources);
          }
        });
    if (clashes.isEmpty()) {
      return result;
    }
    if (collisions == CollisionHandling.FAIL) {
      throw new IdentifierCollisionException(rules.target(), clashes);
    }
    Set<String> taken = new HashSet<>(byTarget.keySet());
    for (Map.Entry<String, List<String>> clash : clashes.entrySet()) {
      List<String> sources = clash.getValue();
      int n = 2;
      for (String source : sources.subList(1, sources.size())) {
        String candidate;
        do {
          candidate = withSuffix(clash.getKey(), "_" + n++);
        } while (!taken.add(candidate));
        result.put(source, candidate);
      }
    }
    return result;
  }

  private String withSuffix(String base, String suffix) {
    // Re-normalize so that truncation limits still hold after adding the suffix.
    String candidate = base + suffix;
    String normalized = rules.normalize(candidate);
    if (normalized.endsWith(suffix)) {
      return normalized;
    }
    // Too long: cut the base until the suffix fits.
    String cut = base;
    while (!cut.isEmpty() && !rules.normalize(cut + suffix).endsWith(suffix)) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return rules.normalize(cut + suffix);
  }
}
