package io.tidemark.connect.redshift.sql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * A record value as column values: fields renamed like the table's columns, values converted by
 * {@link ValueConverter}.
 */
public final class RowValues {

  private RowValues() {}

  /**
   * {@code columnNames} maps field names to column names, as {@link TableDefs#columnNames} returns.
   * Any failure to convert a value is a {@link DataException} naming the column: a bad record.
   */
  public static Map<String, Object> of(Struct value, Map<String, String> columnNames) {
    return of(value, columnNames, column -> true);
  }

  /**
   * {@link #of(Struct, Map)} for the columns {@code wanted} accepts only (a delete's key): the
   * others are neither read nor converted, so a value that cannot be converted there is no problem.
   */
  public static Map<String, Object> of(
      Struct value, Map<String, String> columnNames, Predicate<String> wanted) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (Field field : value.schema().fields()) {
      String column = columnNames.get(field.name());
      if (column == null || !wanted.test(column)) {
        continue;
      }
      try {
        row.put(column, ValueConverter.toSql(field.schema(), value(value, field)));
      } catch (RuntimeException e) {
        throw new DataException(
            "column "
                + column
                + (column.equals(field.name()) ? "" : " (field '" + field.name() + "')")
                + ": "
                + Reasons.of(e),
            e);
      }
    }
    return row;
  }

  /**
   * The value of {@code field} as the record holds it. {@link Struct#get(Field)} returns the
   * schema's default for a null value, so an explicit NULL in a MySQL column with a DEFAULT would
   * land as that default. A required field cannot hold null, so its unset value reads as the
   * default (what {@link Struct#validate()} accepts).
   */
  public static Object value(Struct struct, Field field) {
    Object value = struct.getWithoutDefault(field.name());
    return value == null && !field.schema().isOptional() ? field.schema().defaultValue() : value;
  }
}
