package io.tidemark.connect.s3.sink;

import io.tidemark.connect.s3.format.Row;
import io.tidemark.connect.s3.format.RowSchema;
import io.tidemark.connect.s3.format.SchemalessConverter;

/**
 * A record turned into a row. {@code inferred} rows (schemaless records) go into any file whose
 * schema covers theirs; rows with a Connect schema need the exact same schema.
 */
public record MappedRow(RowSchema schema, Row row, boolean inferred) {

  /** The schema a new file for this row is opened with. */
  public RowSchema fileSchema() {
    return inferred ? SchemalessConverter.forFile(schema) : schema;
  }

  /** True when this row may be appended to a file of {@code file} schema. */
  public boolean fits(RowSchema file) {
    return inferred ? SchemalessConverter.covers(file, schema) : file.equals(schema);
  }
}
