package io.tidemark.connect.redshift;

import io.tidemark.connect.redshift.write.RedshiftWriter;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads what the position lineage check needs from a record: the change position (a string) and the
 * source timestamp (a Connect Timestamp or epoch milliseconds). A record without them, or with
 * something else there (a bad record, reported as such later), has no position and is not checked.
 */
record LineageFields(String positionField, String sourceTsField) {

  RedshiftWriter.Positioned of(SinkRecord record) {
    Object position = field(record.value(), positionField);
    Object ts = field(record.value(), sourceTsField);
    Long sourceTs =
        ts instanceof java.util.Date d
            ? Long.valueOf(d.getTime())
            : ts instanceof Number n ? Long.valueOf(n.longValue()) : null;
    return new RedshiftWriter.Positioned(
        ChangeConverter.source(record), position instanceof String p ? p : null, sourceTs);
  }

  private static Object field(Object value, String name) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    if (value instanceof Struct struct && struct.schema() != null) {
      Field field = struct.schema().field(name);
      return field == null ? null : struct.getWithoutDefault(name);
    }
    if (value instanceof Map<?, ?> map) {
      return map.get(name);
    }
    return null;
  }
}
