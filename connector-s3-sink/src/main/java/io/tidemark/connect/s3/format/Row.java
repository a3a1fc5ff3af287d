package io.tidemark.connect.s3.format;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row (or nested struct) of normalised values keyed by field name; see {@link DataType} for the
 * Java type of each kind. A missing name reads as null, so a row can be written with any schema
 * that covers it.
 */
public final class Row {

  private final Map<String, Object> values;

  public Row() {
    this.values = new LinkedHashMap<>();
  }

  public Row(Map<String, Object> values) {
    this.values = new LinkedHashMap<>(values);
  }

  public Row put(String name, Object value) {
    values.put(name, value);
    return this;
  }

  public Object get(String name) {
    return values.get(name);
  }

  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row && ((Row) o).values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Row" + values.keySet();
  }
}
