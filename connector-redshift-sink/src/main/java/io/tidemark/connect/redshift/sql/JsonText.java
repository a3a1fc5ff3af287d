package io.tidemark.connect.redshift.sql;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** Connect values (with or without schema) as JSON text, for SUPER columns and COPY staging. */
public final class JsonText {

  private JsonText() {}

  public static String write(Schema schema, Object value) {
    StringBuilder b = new StringBuilder();
    append(b, value);
    return b.toString();
  }

  static void append(StringBuilder b, Object value) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof Struct s) {
      b.append('{');
      boolean first = true;
      for (Field f : s.schema().fields()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        quote(b, f.name());
        b.append(':');
        append(b, RowValues.value(s, f));
      }
      b.append('}');
    } else if (value instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        quote(b, String.valueOf(e.getKey()));
        b.append(':');
        append(b, e.getValue());
      }
      b.append('}');
    } else if (value instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        append(b, l.get(i));
      }
      b.append(']');
    } else if (value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof java.math.BigDecimal) {
      b.append(value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        quote(b, value.toString());
      } else {
        b.append(value);
      }
    } else if (value instanceof byte[] || value instanceof java.nio.ByteBuffer) {
      quote(b, Base64.getEncoder().encodeToString(ValueConverter.bytes(value)));
    } else if (value instanceof java.util.Date d) {
      quote(b, d.toInstant().toString());
    } else {
      quote(b, value.toString());
    }
  }

  public static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
