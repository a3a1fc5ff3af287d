package io.tidemark.connect.s3.format;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;

/**
 * A compact binary form of a {@link Row} for staging rows of files that are still small (see {@code
 * sink.OpenFile}). Struct fields go in schema order without names; every value carries a tag for
 * its Java class, so a row decodes to exactly the values it was encoded from and the format writer
 * later sees what it would have seen directly. Encoding checks what the format writers would reject
 * (a required field that is null, a struct value that is not a row), so a staged row cannot fail
 * when the file is written.
 */
public final class RowCodec {
  private static final byte NULL = 0;
  private static final byte TRUE = 1;
  private static final byte FALSE = 2;
  private static final byte INT = 3;
  private static final byte LONG = 4;
  private static final byte FLOAT = 5;
  private static final byte DOUBLE = 6;
  private static final byte STRING = 7;
  private static final byte BYTES = 8;
  private static final byte DECIMAL = 9;
  private static final byte ROW = 10;
  private static final byte LIST = 11;
  private static final byte MAP = 12;

  private RowCodec() {}

  public static void encode(RowSchema schema, Row row, DataOutput out) throws IOException {
    writeFields(schema.fields(), row, "", out);
  }

  public static Row decode(RowSchema schema, DataInput in) throws IOException {
    return readFields(schema.fields(), in);
  }

  private static void writeFields(List<Field> fields, Row row, String path, DataOutput out)
      throws IOException {
    for (Field f : fields) {
      Object v = row.get(f.name());
      if (v == null && !f.optional()) {
        throw new DataException("Field '" + path + f.name() + "' is required but null");
      }
      writeValue(f.type(), v, path + f.name(), out);
    }
  }

  private static void writeValue(DataType type, Object v, String path, DataOutput out)
      throws IOException {
    if (v == null) {
      out.writeByte(NULL);
    } else if (v instanceof Boolean b) {
      out.writeByte(b ? TRUE : FALSE);
    } else if (v instanceof Integer i) {
      out.writeByte(INT);
      out.writeInt(i);
    } else if (v instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (v instanceof Float f) {
      out.writeByte(FLOAT);
      out.writeFloat(f);
    } else if (v instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (v instanceof String s) {
      out.writeByte(STRING);
      writeBytes(s.getBytes(StandardCharsets.UTF_8), out);
    } else if (v instanceof byte[] b) {
      out.writeByte(BYTES);
      writeBytes(b, out);
    } else if (v instanceof BigDecimal d) {
      out.writeByte(DECIMAL);
      out.writeInt(d.scale());
      writeBytes(d.unscaledValue().toByteArray(), out);
    } else if (v instanceof Row r) {
      if (type.kind() != DataType.Kind.STRUCT) {
        throw new DataException("Field '" + path + "' of type " + type + " cannot hold a struct");
      }
      out.writeByte(ROW);
      writeFields(type.fields(), r, path + ".", out);
    } else if (v instanceof List<?> list) {
      out.writeByte(LIST);
      out.writeInt(list.size());
      for (Object e : list) {
        writeValue(element(type, path), e, path + "[]", out);
      }
    } else if (v instanceof Map<?, ?> map) {
      out.writeByte(MAP);
      out.writeInt(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writeBytes(String.valueOf(e.getKey()).getBytes(StandardCharsets.UTF_8), out);
        writeValue(element(type, path), e.getValue(), path + "{}", out);
      }
    } else {
      throw new DataException(
          "Field '" + path + "' holds an unsupported " + v.getClass().getName());
    }
  }

  private static DataType element(DataType type, String path) {
    if (type.element() == null) {
      throw new DataException(
          "Field '" + path + "' of type " + type + " cannot hold a list or map");
    }
    return type.element();
  }

  private static void writeBytes(byte[] b, DataOutput out) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static Row readFields(List<Field> fields, DataInput in) throws IOException {
    Row row = new Row();
    for (Field f : fields) {
      Object v = readValue(f.type(), in);
      if (v != null) {
        row.put(f.name(), v);
      }
    }
    return row;
  }

  private static Object readValue(DataType type, DataInput in) throws IOException {
    byte tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case INT:
        return in.readInt();
      case LONG:
        return in.readLong();
      case FLOAT:
        return in.readFloat();
      case DOUBLE:
        return in.readDouble();
      case STRING:
        return new String(readBytes(in), StandardCharsets.UTF_8);
      case BYTES:
        return readBytes(in);
      case DECIMAL:
        {
          int scale = in.readInt();
          return new BigDecimal(new BigInteger(readBytes(in)), scale);
        }
      case ROW:
        return readFields(type.fields(), in);
      case LIST:
        {
          int n = in.readInt();
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(readValue(type.element(), in));
          }
          return list;
        }
      case MAP:
        {
          int n = in.readInt();
          Map<String, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            String key = new String(readBytes(in), StandardCharsets.UTF_8);
            map.put(key, readValue(type.element(), in));
          }
          return map;
        }
      default:
        throw new IOException("corrupt staged row: unknown tag " + tag);
    }
  }

  private static byte[] readBytes(DataInput in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }
}
