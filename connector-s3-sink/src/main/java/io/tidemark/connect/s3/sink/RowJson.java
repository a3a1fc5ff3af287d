package io.tidemark.connect.s3.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.connect.s3.format.ConnectRowConverter;
import io.tidemark.connect.s3.format.Row;
import io.tidemark.connect.s3.format.SchemalessConverter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

/** The text of a record key for the {@code __key} column: JSON for structs and maps, else plain. */
final class RowJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RowJson() {}

  static String text(
      Schema schema, Object key, ConnectRowConverter connect, SchemalessConverter schemaless) {
    Object value;
    if (schema != null) {
      Row row = connect.toRow(schema, key);
      value =
          row.asMap().size() == 1 && row.asMap().containsKey(ConnectRowConverter.VALUE_COLUMN)
              ? row.get(ConnectRowConverter.VALUE_COLUMN)
              : row;
    } else {
      value = key instanceof Map ? schemaless.infer(key).row() : key;
    }
    if (value instanceof Row || value instanceof Map || value instanceof List) {
      try {
        return JSON.writeValueAsString(plain(value));
      } catch (JsonProcessingException e) {
        throw new DataException("key cannot be written as JSON: " + e.getOriginalMessage());
      }
    }
    return value instanceof byte[]
        ? Base64.getEncoder().encodeToString((byte[]) value)
        : String.valueOf(value);
  }

  private static Object plain(Object v) {
    if (v instanceof Row) {
      return plain(((Row) v).asMap());
    }
    if (v instanceof Map) {
      Map<String, Object> m = new LinkedHashMap<>();
      ((Map<?, ?>) v).forEach((k, x) -> m.put(String.valueOf(k), plain(x)));
      return m;
    }
    if (v instanceof List) {
      List<Object> l = new ArrayList<>();
      ((List<?>) v).forEach(x -> l.add(plain(x)));
      return l;
    }
    if (v instanceof byte[]) {
      return Base64.getEncoder().encodeToString((byte[]) v);
    }
    return v;
  }
}
