package io.tidemark.connect.smt.path;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.data.Schema;

/**
 * A compiled change to one schema and to every value of it: the output schema and a function from a
 * non-null input value to the output value. Compiled once per input schema (and cached), applied
 * per record.
 */
public final class Rewrite {

  private final Schema schema;
  private final UnaryOperator<Object> converter;
  private final boolean identity;

  private Rewrite(Schema schema, UnaryOperator<Object> converter, boolean identity) {
    this.schema = schema;
    this.converter = converter;
    this.identity = identity;
  }

  /** No change: same schema, same values. */
  public static Rewrite identity(Schema schema) {
    return new Rewrite(schema, UnaryOperator.identity(), true);
  }

  /** A change to {@code schema}, converting each non-null value with {@code converter}. */
  public static Rewrite of(Schema schema, UnaryOperator<Object> converter) {
    return new Rewrite(schema, Objects.requireNonNull(converter, "converter"), false);
  }

  public Schema schema() {
    return schema;
  }

  public boolean isIdentity() {
    return identity;
  }

  /** The output value for {@code value}; {@code null} stays {@code null}. */
  public Object apply(Object value) {
    return value == null || identity ? value : converter.apply(value);
  }
}
