package io.tidemark.connect.s3.partition;

import io.tidemark.connect.s3.format.DataType;
import io.tidemark.connect.s3.format.Field;
import io.tidemark.connect.s3.format.Row;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;

/**
 * One folder level per configured field, in order: {@code country=FR/city=Lyon}. A nested field is
 * a dotted path ({@code address.city}); its folder name is the path with dots as underscores
 * ({@code address_city=Lyon}). Null or missing values go to {@value HivePaths#NULL_VALUE}. A field
 * of a struct, array or map type is a bad record. Folder names are escaped like values, so a field
 * named {@code a/b} or {@code a=b} cannot add a folder level or a second {@code =}.
 */
public final class FieldPartitioner implements Partitioner {

  private final List<String> paths;

  public FieldPartitioner(List<String> paths) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("at least one field is needed");
    }
    String problem = problem(paths);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    this.paths = List.copyOf(paths);
  }

  /** Why {@code paths} cannot name partition fields (an empty name or dotted part), or null. */
  public static String problem(List<String> paths) {
    for (String p : paths) {
      if (p.isEmpty() || p.startsWith(".") || p.endsWith(".") || p.contains("..")) {
        return "partition field '" + p + "' has an empty field name";
      }
    }
    return null;
  }

  @Override
  public Partition partition(RecordContext record) {
    StringBuilder path = new StringBuilder();
    Map<String, String> values = new LinkedHashMap<>();
    for (String p : paths) {
      String name = p.replace('.', '_');
      String value = text(lookup(record, p), p);
      values.put(name, value == null ? HivePaths.NULL_VALUE : value);
      if (path.length() > 0) {
        path.append('/');
      }
      path.append(HivePaths.escape(name)).append('=').append(HivePaths.escape(value));
    }
    return new Partition(path.toString(), values);
  }

  private record Typed(DataType type, Object value) {}

  private static Typed lookup(RecordContext record, String dotted) {
    String[] parts = dotted.split("\\.");
    DataType type = record.schema().asStruct();
    Object value = record.row();
    for (String part : parts) {
      if (type.kind() != DataType.Kind.STRUCT) {
        throw new DataException(
            "Partition field '" + dotted + "': '" + part + "' is not inside a struct");
      }
      Field f = type.field(part);
      if (f == null) {
        return new Typed(null, null);
      }
      type = f.type();
      value = value == null ? null : ((Row) value).get(part);
    }
    return new Typed(type, value);
  }

  private static String text(Typed t, String path) {
    if (t.value() == null) {
      return null;
    }
    switch (t.type().kind()) {
      case STRUCT:
      case ARRAY:
      case MAP:
      case BYTES:
        throw new DataException(
            "Partition field '" + path + "' has type " + t.type() + ", which cannot name a folder");
      case DATE:
        return LocalDate.ofEpochDay(((Number) t.value()).longValue()).toString();
      case DECIMAL:
        return ((BigDecimal) t.value()).toPlainString();
      default:
        return t.value().toString();
    }
  }
}
