package io.tidemark.connect.smt.util;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/** Reading Struct values without Connect's default substitution. */
public final class Structs {

  private Structs() {}

  /**
   * The value of {@code field} as the record holds it. {@link Struct#get(Field)} returns the
   * schema's default for a null value, so an explicit NULL in a MySQL column with a DEFAULT would
   * become that default. A required field cannot hold null, so its unset value still reads as the
   * default (what {@link Struct#validate()} accepts).
   */
  public static Object get(Struct struct, Field field) {
    Object value = struct.getWithoutDefault(field.name());
    return value == null && !field.schema().isOptional() ? field.schema().defaultValue() : value;
  }

  /** {@link #get(Struct, Field)} by name; null when the struct has no such field. */
  public static Object get(Struct struct, String name) {
    Field field = struct.schema().field(name);
    return field == null ? null : get(struct, field);
  }
}
