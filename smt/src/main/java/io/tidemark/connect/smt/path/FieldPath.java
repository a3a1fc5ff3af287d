package io.tidemark.connect.smt.path;

import java.util.List;

/**
 * A dot-separated path to a field: {@code after.customer.email}. Each segment names a struct field
 * (or, schemaless, a map key); arrays (and, with a schema, map values) on the way are crossed
 * implicitly, so {@code items.sku} means "the {@code sku} of every element of {@code items}". Field
 * names that contain dots cannot be addressed.
 */
public final class FieldPath {

  private final String text;
  private final List<String> segments;

  private FieldPath(String text, List<String> segments) {
    this.text = text;
    this.segments = segments;
  }

  /** Parses {@code a.b.c}; rejects empty paths and empty segments. */
  public static FieldPath parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("field path is empty");
    }
    String[] parts = text.split("\\.", -1);
    for (String p : parts) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("field path '" + text + "' has an empty segment");
      }
    }
    return new FieldPath(text, List.of(parts));
  }

  public List<String> segments() {
    return segments;
  }

  public int length() {
    return segments.size();
  }

  public String segment(int i) {
    return segments.get(i);
  }

  public String last() {
    return segments.get(segments.size() - 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
