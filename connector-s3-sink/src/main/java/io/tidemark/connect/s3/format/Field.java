package io.tidemark.connect.s3.format;

import java.util.Objects;

/** A named, possibly optional column of a {@link RowSchema} or of a STRUCT. */
public record Field(String name, DataType type, boolean optional) {

  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public static Field optional(String name, DataType type) {
    return new Field(name, type, true);
  }

  public static Field required(String name, DataType type) {
    return new Field(name, type, false);
  }

  @Override
  public String toString() {
    return quote(name) + ":" + type + (optional ? "" : " not null");
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
