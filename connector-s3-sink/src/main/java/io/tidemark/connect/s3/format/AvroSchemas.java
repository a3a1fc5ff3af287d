package io.tidemark.connect.s3.format;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Maps a {@link RowSchema} to an Avro record schema. Field names that are not valid Avro names are
 * rewritten ({@code [^A-Za-z0-9_]} to {@code _}, a leading digit gets a {@code _} prefix, a clash
 * gets {@code _2}, {@code _3}...) and the original name is kept as an alias-free {@code
 * tidemark.name} property. Nested records are named after their path, so names never clash.
 */
public final class AvroSchemas {

  static final String ORIGINAL_NAME = "tidemark.name";
  static final String NAMESPACE = "io.tidemark.row";

  private AvroSchemas() {}

  public static Schema toAvro(RowSchema schema) {
    return record("row", schema.fields());
  }

  private static Schema record(String name, List<Field> fields) {
    List<Schema.Field> out = new ArrayList<>(fields.size());
    Set<String> used = new HashSet<>();
    for (Field f : fields) {
      String avroName = avroName(f.name(), used);
      Schema t = type(name + "_" + avroName, f.type());
      Schema.Field af =
          f.optional()
              ? new Schema.Field(
                  avroName,
                  Schema.createUnion(Schema.create(Schema.Type.NULL), t),
                  null,
                  JsonProperties.NULL_VALUE)
              : new Schema.Field(avroName, t);
      if (!avroName.equals(f.name())) {
        af.addProp(ORIGINAL_NAME, f.name());
      }
      out.add(af);
    }
    return Schema.createRecord(name, null, NAMESPACE, false, out);
  }

  static String avroName(String name, Set<String> used) {
    StringBuilder sb = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      sb.append(ok ? c : '_');
    }
    if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) {
      sb.insert(0, '_');
    }
    String base = sb.toString();
    String candidate = base;
    for (int n = 2; !used.add(candidate); n++) {
      candidate = base + "_" + n;
    }
    return candidate;
  }

  private static Schema type(String path, DataType t) {
    switch (t.kind()) {
      case BOOLEAN:
        return Schema.create(Schema.Type.BOOLEAN);
      case INT32:
        return Schema.create(Schema.Type.INT);
      case INT64:
        return Schema.create(Schema.Type.LONG);
      case FLOAT32:
        return Schema.create(Schema.Type.FLOAT);
      case FLOAT64:
        return Schema.create(Schema.Type.DOUBLE);
      case NULL:
      case STRING:
      case JSON:
        return Schema.create(Schema.Type.STRING);
      case BYTES:
        return Schema.create(Schema.Type.BYTES);
      case DATE:
        return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
      case TIME_MILLIS:
        return LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
      case TIME_MICROS:
        return LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case TIMESTAMP_MILLIS:
        return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
      case TIMESTAMP_MICROS:
        return LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
      case DECIMAL:
        return LogicalTypes.decimal(t.precision(), t.scale())
            .addToSchema(Schema.create(Schema.Type.BYTES));
      case ARRAY:
        return Schema.createArray(nullable(type(path, t.element())));
      case MAP:
        return Schema.createMap(nullable(type(path, t.element())));
      case STRUCT:
        return record(path, t.fields());
      default:
        throw new IllegalArgumentException("No Avro type for " + t);
    }
  }

  private static Schema nullable(Schema s) {
    return Schema.createUnion(Schema.create(Schema.Type.NULL), s);
  }
}
