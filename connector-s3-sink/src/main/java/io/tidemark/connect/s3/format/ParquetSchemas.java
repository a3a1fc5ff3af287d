package io.tidemark.connect.s3.format;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Maps a {@link RowSchema} to a Parquet message type with logical types Athena/Trino read natively:
 * DATE on INT32, TIME and TIMESTAMP (UTC-adjusted, MILLIS or MICROS) on INT32/INT64, DECIMAL on
 * INT32 (precision up to 9), INT64 (up to 18) or FIXED_LEN_BYTE_ARRAY, STRING for text and JSON,
 * three-level LIST and MAP groups as the Parquet spec describes.
 */
public final class ParquetSchemas {

  private ParquetSchemas() {}

  public static MessageType toParquet(RowSchema schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Field f : schema.fields()) {
      b.addField(
          type(f.name(), f.type(), f.optional() ? Repetition.OPTIONAL : Repetition.REQUIRED));
    }
    return b.named("row");
  }

  /** Bytes of a FIXED_LEN_BYTE_ARRAY that holds any unscaled value of {@code precision} digits. */
  static int decimalBytes(int precision) {
    int bytes = 1;
    while (Math.pow(2, 8 * bytes - 1) < Math.pow(10, precision)) {
      bytes++;
    }
    return bytes;
  }

  static Type type(String name, DataType t, Repetition r) {
    switch (t.kind()) {
      case BOOLEAN:
        return Types.primitive(PrimitiveTypeName.BOOLEAN, r).named(name);
      case INT32:
        return Types.primitive(PrimitiveTypeName.INT32, r).named(name);
      case INT64:
        return Types.primitive(PrimitiveTypeName.INT64, r).named(name);
      case FLOAT32:
        return Types.primitive(PrimitiveTypeName.FLOAT, r).named(name);
      case FLOAT64:
        return Types.primitive(PrimitiveTypeName.DOUBLE, r).named(name);
      case NULL:
      case STRING:
      case JSON:
        return Types.primitive(PrimitiveTypeName.BINARY, r)
            .as(LogicalTypeAnnotation.stringType())
            .named(name);
      case BYTES:
        return Types.primitive(PrimitiveTypeName.BINARY, r).named(name);
      case DATE:
        return Types.primitive(PrimitiveTypeName.INT32, r)
            .as(LogicalTypeAnnotation.dateType())
            .named(name);
      case TIME_MILLIS:
        return Types.primitive(PrimitiveTypeName.INT32, r)
            .as(LogicalTypeAnnotation.timeType(true, TimeUnit.MILLIS))
            .named(name);
      case TIME_MICROS:
        return Types.primitive(PrimitiveTypeName.INT64, r)
            .as(LogicalTypeAnnotation.timeType(true, TimeUnit.MICROS))
            .named(name);
      case TIMESTAMP_MILLIS:
        return Types.primitive(PrimitiveTypeName.INT64, r)
            .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS))
            .named(name);
      case TIMESTAMP_MICROS:
        return Types.primitive(PrimitiveTypeName.INT64, r)
            .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS))
            .named(name);
      case DECIMAL:
        {
          LogicalTypeAnnotation d = LogicalTypeAnnotation.decimalType(t.scale(), t.precision());
          if (t.precision() <= 9) {
            return Types.primitive(PrimitiveTypeName.INT32, r).as(d).named(name);
          }
          if (t.precision() <= 18) {
            return Types.primitive(PrimitiveTypeName.INT64, r).as(d).named(name);
          }
          return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, r)
              .length(decimalBytes(t.precision()))
              .as(d)
              .named(name);
        }
      case STRUCT:
        {
          Types.GroupBuilder<org.apache.parquet.schema.GroupType> g = Types.buildGroup(r);
          for (Field f : t.fields()) {
            g.addField(
                type(f.name(), f.type(), f.optional() ? Repetition.OPTIONAL : Repetition.REQUIRED));
          }
          return g.named(name);
        }
      case ARRAY:
        return Types.buildGroup(r)
            .as(LogicalTypeAnnotation.listType())
            .addField(
                Types.repeatedGroup()
                    .addField(type("element", t.element(), Repetition.OPTIONAL))
                    .named("list"))
            .named(name);
      case MAP:
        return Types.buildGroup(r)
            .as(LogicalTypeAnnotation.mapType())
            .addField(
                Types.repeatedGroup()
                    .addField(
                        Types.required(PrimitiveTypeName.BINARY)
                            .as(LogicalTypeAnnotation.stringType())
                            .named("key"))
                    .addField(type("value", t.element(), Repetition.OPTIONAL))
                    .named("key_value"))
            .named(name);
      default:
        throw new IllegalArgumentException("No Parquet type for " + t);
    }
  }
}
