package io.tidemark.connect.smt;

import io.tidemark.connect.smt.path.FieldPath;
import io.tidemark.connect.smt.path.Paths;
import io.tidemark.connect.smt.path.Rewrite;
import io.tidemark.connect.smt.path.SchemaRewriter;
import io.tidemark.connect.smt.util.SchemaCache;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;

/**
 * Template for transforms that change the values at a set of field paths (HashFields,
 * RedactFields): with a schema, a {@link Rewrite} is compiled once per schema; without one, the
 * maps along each path are copied and the value at its end replaced.
 */
abstract class FieldPathTransformation<R extends ConnectRecord<R>>
    extends KeyOrValueTransformation<R> {

  private final SchemaCache<Rewrite> cache = new SchemaCache<>();
  private Set<String> pathTexts = Set.of();
  private List<FieldPath> paths = List.of();

  protected FieldPathTransformation(boolean key) {
    super(key);
  }

  protected final void paths(List<String> configured) {
    Set<String> texts = new LinkedHashSet<>(configured);
    this.pathTexts = Set.copyOf(texts);
    this.paths = texts.stream().map(FieldPath::parse).toList();
    cache.clear();
  }

  /**
   * The rewrite of the node at a configured {@code path}, or null to descend into it (e.g. to reach
   * the elements of an array).
   */
  protected abstract Rewrite leaf(String path, Schema schema);

  /** The new value for the schemaless value at {@code path} (may be null). */
  protected abstract Object leafSchemaless(String path, Object value);

  @Override
  protected Part transform(R record, Schema schema, Object value) {
    if (schema != null) {
      Rewrite rewrite =
          cache.get(
              schema,
              () ->
                  SchemaRewriter.compile(
                      schema, (p, s) -> pathTexts.contains(p) ? leaf(p, s) : null));
      return new Part(rewrite.schema(), rewrite.apply(value));
    }
    Object out = value;
    for (FieldPath path : paths) {
      String text = path.toString();
      out = Paths.updateSchemaless(out, path, v -> leafSchemaless(text, v));
    }
    return new Part(null, out);
  }

  @Override
  public void close() {
    cache.clear();
  }
}
