package io.tidemark.connect.s3.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The schema of the rows of one output file: an ordered list of top-level fields. Two schemas with
 * the same {@link #fingerprint()} produce the same file layout; a different fingerprint means the
 * caller has to start a new file.
 */
public final class RowSchema {

  private final DataType struct;
  // Computed on first use: every schemaless record gets a RowSchema, few are ever fingerprinted.
  private String fingerprint;

  public RowSchema(List<Field> fields) {
    this.struct = DataType.struct(fields);
  }

  public List<Field> fields() {
    return struct.fields();
  }

  /** The schema as a STRUCT type. */
  public DataType asStruct() {
    return struct;
  }

  public Field field(String name) {
    return struct.field(name);
  }

  /** First 16 hex digits of the SHA-256 of the canonical schema text: stable across JVMs. */
  public String fingerprint() {
    if (fingerprint == null) {
      fingerprint = sha256(struct.toString()).substring(0, 16);
    }
    return fingerprint;
  }

  /** The same columns plus {@code extra} at the end. */
  public RowSchema withTrailing(List<Field> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    List<Field> all = new java.util.ArrayList<>(fields());
    all.addAll(extra);
    return new RowSchema(all);
  }

  @Override
  public String toString() {
    return struct.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowSchema && ((RowSchema) o).struct.equals(struct);
  }

  @Override
  public int hashCode() {
    return struct.hashCode();
  }

  private static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
