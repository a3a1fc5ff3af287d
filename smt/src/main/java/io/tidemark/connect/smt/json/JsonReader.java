package io.tidemark.connect.smt.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON text into plain Java values: {@code LinkedHashMap} (key order kept, a repeated key
 * keeps its last value), {@code ArrayList}, {@code String}, {@code Boolean}, {@code Long} (integers
 * that fit), {@code Double} (other numbers), {@code BigDecimal} (integers beyond 64 bits), and
 * {@code null}. Thread-safe.
 */
public final class JsonReader {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** Invalid JSON; the message says where, never echoes the document. */
  public static final class InvalidJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidJsonException(String message) {
      super(message);
    }
  }

  private JsonReader() {}

  public static Object read(String text) throws InvalidJsonException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new InvalidJsonException("empty document");
      }
      Object value = value(p, t);
      if (p.nextToken() != null) {
        throw new InvalidJsonException(
            "unexpected content after the JSON value at character "
                + p.currentTokenLocation().getCharOffset());
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new InvalidJsonException(
          e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + " column "
              + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new InvalidJsonException(e.getMessage());
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT:
        {
          Map<String, Object> m = new LinkedHashMap<>();
          for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
            String name = p.currentName();
            m.put(name, value(p, p.nextToken()));
          }
          return m;
        }
      case START_ARRAY:
        {
          List<Object> l = new ArrayList<>();
          for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
            l.add(value(p, n));
          }
          return l;
        }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return new BigDecimal(p.getBigIntegerValue());
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonProcessingException("unexpected token " + t, p.currentTokenLocation()) {
          private static final long serialVersionUID = 1L;
        };
    }
  }

  /** Compact JSON text of a value produced by {@link #read}. */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(value, b);
    return b.toString();
  }

  private static void write(Object value, StringBuilder b) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof String s) {
      quote(s, b);
    } else if (value instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        quote(String.valueOf(e.getKey()), b);
        b.append(':');
        write(e.getValue(), b);
      }
      b.append('}');
    } else if (value instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        write(l.get(i), b);
      }
      b.append(']');
    } else if (value instanceof BigDecimal d) {
      b.append(d.toPlainString());
    } else {
      b.append(value);
    }
  }

  private static void quote(String s, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }
}
