package io.tidemark.connect.s3.sink;

import io.tidemark.connect.s3.S3SinkConfig;
import io.tidemark.connect.s3.S3SinkConfig.DeleteBehavior;
import io.tidemark.connect.s3.S3SinkConfig.TombstoneBehavior;
import io.tidemark.connect.s3.format.ConnectRowConverter;
import io.tidemark.connect.s3.format.DataType;
import io.tidemark.connect.s3.format.DataType.Kind;
import io.tidemark.connect.s3.format.Field;
import io.tidemark.connect.s3.format.Row;
import io.tidemark.connect.s3.format.RowSchema;
import io.tidemark.connect.s3.format.SchemalessConverter;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Turns a record into the row that is written, applying the CDC options: tombstones (null value)
 * and Debezium deletes (op=d in an envelope with a source block, or {@code __deleted=true} after
 * ExtractNewRecordState) are skipped, written or fail the task; optional trailing columns {@code
 * __key}, {@code __headers}, {@code __topic}, {@code __partition}, {@code __offset}, {@code
 * __timestamp}. Returns null for a record that is deliberately skipped. A value that cannot be
 * converted is a {@code DataException} (a bad record).
 */
public final class RowMapper {

  public static final String DELETED = "__deleted";

  private final ConnectRowConverter connect;
  // Keys and values apart: each converter remembers the last shape it saw.
  private final SchemalessConverter schemalessValues = new SchemalessConverter();
  private final SchemalessConverter schemalessKeys = new SchemalessConverter();
  private final TombstoneBehavior tombstones;
  private final DeleteBehavior deletes;
  private final boolean keyColumn;
  private final boolean headersColumn;
  private final boolean coordinates;
  private final List<Field> extraFields;

  public RowMapper(S3SinkConfig config) {
    this(
        new ConnectRowConverter(config.variableScaleDecimalScale()),
        config.tombstoneBehavior(),
        config.deleteBehavior(),
        config.getBoolean(S3SinkConfig.RECORD_KEY_COLUMN_ENABLED),
        config.getBoolean(S3SinkConfig.RECORD_HEADERS_COLUMN_ENABLED),
        config.getBoolean(S3SinkConfig.RECORD_KAFKA_COORDINATES_ENABLED));
  }

  public RowMapper(
      ConnectRowConverter connect,
      TombstoneBehavior tombstones,
      DeleteBehavior deletes,
      boolean keyColumn,
      boolean headersColumn,
      boolean coordinates) {
    this.connect = connect;
    this.tombstones = tombstones;
    this.deletes = deletes;
    this.keyColumn = keyColumn;
    this.headersColumn = headersColumn;
    this.coordinates = coordinates;
    List<Field> extra = new ArrayList<>();
    if (keyColumn) {
      extra.add(Field.optional("__key", DataType.of(Kind.STRING)));
    }
    if (headersColumn) {
      extra.add(Field.optional("__headers", DataType.map(DataType.of(Kind.STRING))));
    }
    if (coordinates) {
      extra.add(Field.optional("__topic", DataType.of(Kind.STRING)));
      extra.add(Field.optional("__partition", DataType.of(Kind.INT32)));
      extra.add(Field.optional("__offset", DataType.of(Kind.INT64)));
      extra.add(Field.optional("__timestamp", DataType.of(Kind.TIMESTAMP_MILLIS)));
    }
    this.extraFields = List.copyOf(extra);
  }

  /** The row for {@code r}, or null when the record is skipped on purpose. */
  public MappedRow map(IncomingRecord r) {
    if (r.value() == null) {
      return tombstone(r);
    }
    MappedRow base =
        r.valueSchema() != null
            ? new MappedRow(
                connect.schemaOf(r.valueSchema()), connect.toRow(r.valueSchema(), r.value()), false)
            : inferred(schemalessValues, r.value());
    if (isDelete(base)) {
      if (deletes == DeleteBehavior.SKIP) {
        return null;
      }
      if (deletes == DeleteBehavior.FAIL) {
        throw new ConnectException(
            "Delete event at "
                + r.coordinates()
                + " and "
                + S3SinkConfig.CDC_DELETE_BEHAVIOR
                + "=FAIL");
      }
    }
    return withExtras(base, r);
  }

  private MappedRow tombstone(IncomingRecord r) {
    switch (tombstones) {
      case SKIP:
        return null;
      case FAIL:
        throw new ConnectException(
            "Tombstone at "
                + r.coordinates()
                + " and "
                + S3SinkConfig.CDC_TOMBSTONE_BEHAVIOR
                + "=FAIL");
      default:
        MappedRow key =
            r.key() == null
                ? new MappedRow(new RowSchema(List.of()), new Row(), r.keySchema() == null)
                : r.keySchema() != null
                    ? new MappedRow(
                        connect.schemaOf(r.keySchema()),
                        connect.toRow(r.keySchema(), r.key()),
                        false)
                    : inferred(schemalessKeys, r.key());
        RowSchema schema =
            key.schema().withTrailing(List.of(Field.optional(DELETED, DataType.of(Kind.BOOLEAN))));
        Row row = new Row(key.row().asMap()).put(DELETED, true);
        return withExtras(new MappedRow(schema, row, key.inferred()), r);
    }
  }

  private static MappedRow inferred(SchemalessConverter schemaless, Object value) {
    SchemalessConverter.Inferred i = schemaless.infer(value);
    return new MappedRow(i.schema(), i.row(), true);
  }

  static boolean isDelete(MappedRow m) {
    Object deleted = m.row().get(DELETED);
    if (Boolean.TRUE.equals(deleted) || "true".equals(deleted)) {
      return true;
    }
    return "d".equals(m.row().get("op"))
        && m.schema().field("source") != null
        && m.schema().field("before") != null;
  }

  private MappedRow withExtras(MappedRow base, IncomingRecord r) {
    if (extraFields.isEmpty()) {
      return base;
    }
    Row row = new Row(base.row().asMap());
    if (keyColumn) {
      row.put(
          "__key",
          r.key() == null ? null : RowJson.text(r.keySchema(), r.key(), connect, schemalessKeys));
    }
    if (headersColumn) {
      row.put("__headers", r.headers());
    }
    if (coordinates) {
      row.put("__topic", r.topic())
          .put("__partition", r.partition())
          .put("__offset", r.offset())
          .put("__timestamp", r.timestampMs());
    }
    return new MappedRow(base.schema().withTrailing(extraFields), row, base.inferred());
  }
}
