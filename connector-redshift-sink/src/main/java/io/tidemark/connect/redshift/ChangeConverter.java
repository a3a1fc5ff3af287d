package io.tidemark.connect.redshift;

import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.Reasons;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.connect.redshift.sql.RowValues;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.TableDef;
import io.tidemark.connect.redshift.sql.TableDefs;
import io.tidemark.connect.redshift.sql.WriteMode;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns one sink record into a change for one table: the table from the original topic and the
 * value schema, the row from the value {@link Struct}, delete from the deleted flag or {@code op =
 * 'd'}, the change position from the position field. A record it cannot convert, whatever the
 * exception, is a {@link DataException} naming its original topic, partition and offset, the table
 * and the column: a bad record, never an exception that escapes {@code put} past the DLQ.
 */
final class ChangeConverter {

  /** A converted record; {@code position} is empty when the record carries none. */
  record Change(TableDef table, ChangeRow row, Optional<String> position) {}

  /** Debezium's row operations: create, update, delete, snapshot read. */
  private static final java.util.Set<String> KNOWN_OPS = java.util.Set.of("c", "u", "d", "r");

  private final RedshiftSinkConfig config;
  private final TableDefs tableDefs;
  private final RedshiftNames names;
  private final WriteMode mode;
  private final TombstoneHandling tombstones;

  ChangeConverter(RedshiftSinkConfig config, TableDefs tableDefs, RedshiftNames names) {
    this.config = config;
    this.tableDefs = tableDefs;
    this.names = names;
    this.mode = config.mode();
    this.tombstones = config.tombstoneHandling();
  }

  static SourceOffset source(SinkRecord r) {
    return new SourceOffset(r.originalTopic(), r.originalKafkaPartition(), r.originalKafkaOffset());
  }

  /** The change for {@code record}; empty for a tombstone that is ignored. */
  Optional<Change> convert(SinkRecord record) {
    SourceOffset source = source(record);
    String table = null;
    try {
      if (record.value() == null) {
        if (tombstones == TombstoneHandling.IGNORE) {
          return Optional.empty();
        }
        throw new DataException(
            "tombstone (null value) and " + RedshiftSinkConfig.TOMBSTONE_HANDLING + "=fail");
      }
      if (!(record.value() instanceof Struct value) || record.valueSchema() == null) {
        throw new DataException(
            "the value is not a Struct with a schema (use a converter with schemas)");
      }
      // The table follows the topic as the transforms left it (RegexRouter and the like route
      // tables); offsets stay on the original topic partition, which the consumer knows.
      String name = tableName(record.topic());
      table = config.getString(RedshiftSinkConfig.SCHEMA) + "." + name;
      TableDef def =
          tableDefs.fromSchema(
              config.getString(RedshiftSinkConfig.SCHEMA),
              name,
              value.schema(),
              keyFields(record),
              config.optional(RedshiftSinkConfig.DISTKEY),
              config.getList(RedshiftSinkConfig.SORTKEY));
      boolean delete = isDelete(value);
      // A delete needs its key only: a before image holding a value this sink cannot convert
      // must not keep the delete from applying.
      ChangeRow row =
          new ChangeRow(
              RowValues.of(
                  value,
                  tableDefs.columnNames(value.schema()),
                  delete ? def.keyColumns()::contains : column -> true),
              delete,
              source);
      return Optional.of(new Change(def, row, text(value, RedshiftSinkConfig.POSITION_FIELD)));
    } catch (RuntimeException e) {
      // Any exception, not only DataException: one that escapes put bypasses errors.tolerance and
      // the DLQ, and the task fails on the same record after every restart.
      throw new DataException(
          "cannot convert the record at "
              + source.topic()
              + "-"
              + source.partition()
              + "@"
              + source.offset()
              + (table == null ? "" : " for table " + table)
              + ": "
              + Reasons.of(e),
          e);
    }
  }

  private String tableName(String topic) {
    String table =
        names.normalize(
            config.getString(RedshiftSinkConfig.TABLE_FORMAT).replace("${topic}", topic));
    if (table.equals(
        config.getString(RedshiftSinkConfig.OFFSETS_TABLE).toLowerCase(java.util.Locale.ROOT))) {
      // Its rows would be the sink's own offsets: never write changes into it.
      throw new DataException(
          "topic '"
              + topic
              + "' maps to table '"
              + table
              + "', which is the sink's offsets table ("
              + RedshiftSinkConfig.OFFSETS_TABLE
              + "); change "
              + RedshiftSinkConfig.TABLE_FORMAT
              + " or "
              + RedshiftSinkConfig.OFFSETS_TABLE);
    }
    return table;
  }

  private List<String> keyFields(SinkRecord record) {
    List<String> configured = config.getList(RedshiftSinkConfig.KEY_FIELDS);
    if (!configured.isEmpty() || mode == WriteMode.APPEND) {
      return configured;
    }
    Schema keySchema = record.keySchema();
    if (keySchema == null || keySchema.type() != Schema.Type.STRUCT) {
      throw new DataException(
          "upsert mode needs "
              + RedshiftSinkConfig.KEY_FIELDS
              + " or a record key that is a Struct with a schema");
    }
    return keySchema.fields().stream().map(Field::name).toList();
  }

  private boolean isDelete(Struct value) {
    Optional<String> op = text(value, RedshiftSinkConfig.OP_FIELD);
    if (op.isPresent() && !KNOWN_OPS.contains(op.get())) {
      String shown = op.get().length() > 8 ? op.get().substring(0, 8) + "..." : op.get();
      throw new DataException(
          "field '"
              + config.getString(RedshiftSinkConfig.OP_FIELD)
              + "' holds '"
              + shown
              + "', not an operation this sink applies (c, u, d, r)");
    }
    Optional<Object> deleted = field(value, RedshiftSinkConfig.DELETED_FIELD);
    if (deleted.isPresent()
        && (Boolean.TRUE.equals(deleted.get()) || "true".equals(deleted.get()))) {
      return true;
    }
    return op.filter("d"::equals).isPresent();
  }

  private Optional<String> text(Struct value, String key) {
    return field(value, key).map(Object::toString);
  }

  private Optional<Object> field(Struct value, String key) {
    String name = config.getString(key);
    Field field = name == null || name.isBlank() ? null : value.schema().field(name);
    if (field == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(RowValues.value(value, field));
  }
}
