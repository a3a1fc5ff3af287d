package io.tidemark.connect.redshift.sql;

import io.tidemark.common.identifiers.CollisionHandling;
import io.tidemark.common.identifiers.IdentifierMapper;
import io.tidemark.common.identifiers.RedshiftIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/**
 * Table definitions derived from a record's value schema (the columns to auto-create or evolve).
 */
public final class TableDefs {

  private final IdentifierMapper mapper;

  public TableDefs(IdentifierMapper mapper) {
    this.mapper = mapper;
  }

  public static TableDefs defaults() {
    return new TableDefs(
        new IdentifierMapper(RedshiftIdentifiers.defaults(), CollisionHandling.FAIL));
  }

  /** Field name to column name for every field of {@code valueSchema}, failing on collisions. */
  public Map<String, String> columnNames(Schema valueSchema) {
    requireStruct(valueSchema);
    return mapper.renameAll(valueSchema.fields().stream().map(Field::name).toList());
  }

  /**
   * The table for {@code valueSchema}; {@code keyFields}, {@code distKey} and {@code sortKeys} name
   * source fields and are mapped like the columns.
   */
  public TableDef fromSchema(
      String schema,
      String table,
      Schema valueSchema,
      List<String> keyFields,
      Optional<String> distKey,
      List<String> sortKeys) {
    Map<String, String> renamed = columnNames(valueSchema);
    List<ColumnDef> columns = new ArrayList<>();
    for (Field field : valueSchema.fields()) {
      if (StageSql.RESERVED_COLUMNS.contains(renamed.get(field.name()))) {
        // A second column of that name in the stage would make the apply statements ambiguous.
        throw new DataException(
            "field '"
                + field.name()
                + "' maps to column '"
                + renamed.get(field.name())
                + "', which is reserved for the sink's stage table "
                + StageSql.RESERVED_COLUMNS
                + "; rename the field upstream");
      }
      String type = TypeMapping.redshiftType(field.schema());
      if (type.startsWith("VARCHAR(")
          && (keyFields.contains(field.name())
              || distKey.filter(field.name()::equals).isPresent()
              || sortKeys.contains(field.name()))) {
        // Redshift cannot widen a key, DISTKEY or SORTKEY column in place: created at the
        // maximum, a key widened in MySQL never stops the sink.
        type = "VARCHAR(" + TypeMapping.MAX_VARCHAR_BYTES + ")";
      }
      columns.add(new ColumnDef(renamed.get(field.name()), type, field.schema().isOptional()));
    }
    return new TableDef(
        schema,
        table,
        columns,
        mapFields(renamed, keyFields, "key"),
        distKey.map(d -> mapFields(renamed, List.of(d), "DISTKEY").get(0)),
        mapFields(renamed, sortKeys, "SORTKEY"));
  }

  private static List<String> mapFields(
      Map<String, String> renamed, List<String> fields, String role) {
    List<String> out = new ArrayList<>();
    for (String f : fields) {
      String column = renamed.get(f);
      if (column == null) {
        throw new DataException(role + " field '" + f + "' is not a field of the record value");
      }
      out.add(column);
    }
    return out;
  }

  private static void requireStruct(Schema schema) {
    if (schema == null || schema.type() != Schema.Type.STRUCT) {
      throw new DataException("the Redshift sink needs record values with a STRUCT schema");
    }
  }
}
