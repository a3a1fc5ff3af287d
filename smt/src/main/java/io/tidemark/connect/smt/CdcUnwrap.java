package io.tidemark.connect.smt;

import io.tidemark.connect.smt.cdc.ChangePosition;
import io.tidemark.connect.smt.cdc.Envelope;
import io.tidemark.connect.smt.cdc.Operation;
import io.tidemark.connect.smt.cdc.QuestionMarkMembers;
import io.tidemark.connect.smt.util.Configs;
import io.tidemark.connect.smt.util.Records;
import io.tidemark.connect.smt.util.SchemaCache;
import io.tidemark.connect.smt.util.Structs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flattens a Debezium change event to its row image plus metadata columns. See the README for the
 * behaviour per event kind; the change position format is documented on {@link ChangePosition}.
 */
public class CdcUnwrap<R extends ConnectRecord<R>> implements Transformation<R> {
  private static final Logger LOG = LoggerFactory.getLogger(CdcUnwrap.class);

  public static final String OVERVIEW_DOC =
      "Flattens a Debezium change event to the row image ('after', or 'before' "
          + "for deletes) plus metadata columns: operation, source timestamp, a sortable change position, "
          + "the Kafka coordinates and a deleted flag. Value only; the key is kept.";

  /** What to do with a delete event. */
  public enum DeleteHandling {
    REWRITE,
    DROP,
    TOMBSTONE
  }

  /** What to do with a Kafka tombstone (null value). */
  public enum TombstoneHandling {
    DROP,
    KEEP
  }

  /** What to do with a truncate, schema-change or non-change record. */
  public enum EventHandling {
    DROP,
    KEEP,
    FAIL
  }

  public static final String DELETE_HANDLING = "delete.handling";
  public static final String TOMBSTONE_HANDLING = "tombstone.handling";
  public static final String TRUNCATE_HANDLING = "truncate.handling";
  public static final String SCHEMA_CHANGE_HANDLING = "schema.change.handling";
  public static final String OTHER_HANDLING = "other.handling";
  public static final String FIELD_OPERATION = "field.operation";
  public static final String FIELD_SOURCE_TS = "field.source.ts";
  public static final String FIELD_EVENT_TS = "field.event.ts";
  public static final String FIELD_POSITION = "field.position";
  public static final String FIELD_TOPIC = "field.topic";
  public static final String FIELD_PARTITION = "field.partition";
  public static final String FIELD_OFFSET = "field.offset";
  public static final String FIELD_DELETED = "field.deleted";
  public static final String POSITION_EPOCH = "position.epoch";

  private static final String GROUP_EVENTS = "Events";
  private static final String GROUP_FIELDS = "Metadata fields";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              DELETE_HANDLING,
              ConfigDef.Type.STRING,
              "rewrite",
              Configs.oneOf(DeleteHandling.class),
              ConfigDef.Importance.HIGH,
              "Delete events (op=d): 'rewrite' emits the 'before' image with the deleted flag set to true; "
                  + "'drop' drops the record; 'tombstone' emits a record with a null value (and null value schema) "
                  + "and the original key, for compacted topics and upserting sinks.",
              GROUP_EVENTS,
              1,
              ConfigDef.Width.SHORT,
              "Delete handling",
              Configs.oneOf(DeleteHandling.class))
          .define(
              TOMBSTONE_HANDLING,
              ConfigDef.Type.STRING,
              "drop",
              Configs.oneOf(TombstoneHandling.class),
              ConfigDef.Importance.MEDIUM,
              "Kafka tombstones (null value, e.g. the one Debezium emits after each delete): 'drop' or 'keep'.",
              GROUP_EVENTS,
              2,
              ConfigDef.Width.SHORT,
              "Tombstone handling",
              Configs.oneOf(TombstoneHandling.class))
          .define(
              TRUNCATE_HANDLING,
              ConfigDef.Type.STRING,
              "fail",
              Configs.oneOf(EventHandling.class),
              ConfigDef.Importance.MEDIUM,
              "Truncate events (op=t, they have no row image): 'fail' (the default: a DataException "
                  + "naming the table and how to clear its copies, so the task stops or the DLQ "
                  + "gets it as errors.tolerance says; no sink applies a TRUNCATE, and dropping it "
                  + "silently would leave every copy holding rows MySQL no longer has), 'drop' or "
                  + "'keep' (pass the envelope through unchanged).",
              GROUP_EVENTS,
              3,
              ConfigDef.Width.SHORT,
              "Truncate handling",
              Configs.oneOf(EventHandling.class))
          .define(
              SCHEMA_CHANGE_HANDLING,
              ConfigDef.Type.STRING,
              "drop",
              Configs.oneOf(EventHandling.class),
              ConfigDef.Importance.MEDIUM,
              "Schema-change events (a value with 'ddl' or 'tableChanges', as on Debezium's schema-change topic): "
                  + "'drop', 'keep' (unchanged) or 'fail'.",
              GROUP_EVENTS,
              4,
              ConfigDef.Width.SHORT,
              "Schema-change handling",
              Configs.oneOf(EventHandling.class))
          .define(
              OTHER_HANDLING,
              ConfigDef.Type.STRING,
              "keep",
              Configs.oneOf(EventHandling.class),
              ConfigDef.Importance.LOW,
              "Records that are not change events (heartbeats, already flattened rows) and logical-decoding "
                  + "messages (op=m): 'keep' (unchanged), 'drop' or 'fail'.",
              GROUP_EVENTS,
              5,
              ConfigDef.Width.SHORT,
              "Other records",
              Configs.oneOf(EventHandling.class))
          .define(
              FIELD_OPERATION,
              ConfigDef.Type.STRING,
              "__op",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.MEDIUM,
              "Name of the added optional string field holding the operation code (c, u, d, r); empty to omit.",
              GROUP_FIELDS,
              1,
              ConfigDef.Width.MEDIUM,
              "Operation field")
          .define(
              FIELD_SOURCE_TS,
              ConfigDef.Type.STRING,
              "__source_ts",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.MEDIUM,
              "Name of the added field holding source.ts_ms (when the change was made in the database): an optional "
                  + "Connect Timestamp with a schema, epoch milliseconds without one; empty to omit.",
              GROUP_FIELDS,
              2,
              ConfigDef.Width.MEDIUM,
              "Source timestamp field")
          .define(
              FIELD_EVENT_TS,
              ConfigDef.Type.STRING,
              "",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.LOW,
              "Name of the added field holding the envelope's ts_ms (when Debezium processed the change), typed like "
                  + FIELD_SOURCE_TS
                  + "; empty (the default) to omit.",
              GROUP_FIELDS,
              3,
              ConfigDef.Width.MEDIUM,
              "Event timestamp field")
          .define(
              FIELD_POSITION,
              ConfigDef.Type.STRING,
              "__position",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.MEDIUM,
              "Name of the added optional string field holding the sortable change position (see the README for "
                  + "the format); empty to omit.",
              GROUP_FIELDS,
              4,
              ConfigDef.Width.MEDIUM,
              "Position field")
          .define(
              FIELD_TOPIC,
              ConfigDef.Type.STRING,
              "__topic",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.LOW,
              "Name of the added optional string field holding the Kafka topic (the original topic on the sink side); "
                  + "empty to omit.",
              GROUP_FIELDS,
              5,
              ConfigDef.Width.MEDIUM,
              "Topic field")
          .define(
              FIELD_PARTITION,
              ConfigDef.Type.STRING,
              "__partition",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.LOW,
              "Name of the added optional int32 field holding the Kafka partition; empty to omit.",
              GROUP_FIELDS,
              6,
              ConfigDef.Width.MEDIUM,
              "Partition field")
          .define(
              FIELD_OFFSET,
              ConfigDef.Type.STRING,
              "__offset",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.LOW,
              "Name of the added optional int64 field holding the Kafka offset (null on the source side, where "
                  + "records have no offset yet); empty to omit.",
              GROUP_FIELDS,
              7,
              ConfigDef.Width.MEDIUM,
              "Offset field")
          .define(
              FIELD_DELETED,
              ConfigDef.Type.STRING,
              "__deleted",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.MEDIUM,
              "Name of the added optional boolean field that is true for deletes and false otherwise; empty to omit.",
              GROUP_FIELDS,
              8,
              ConfigDef.Width.MEDIUM,
              "Deleted field")
          .define(
              POSITION_EPOCH,
              ConfigDef.Type.INT,
              0,
              ConfigDef.Range.between(0, ChangePosition.MAX_EPOCH),
              ConfigDef.Importance.MEDIUM,
              "The position epoch: 0 (the default) writes positions as before; n > 0 prefixes every "
                  + "position with 'z' and n in 6 digits and ':', so it sorts after every position of "
                  + "a lower epoch. Raise it when the source's log lineage changed (a fail-over to a "
                  + "server with its own binlog numbering or GTID server, RESET MASTER, a restore): "
                  + "the sinks stop on such a change with a message that names the epoch to set. "
                  + "Set the same value in every connector that lands the same topics.",
              GROUP_FIELDS,
              9,
              ConfigDef.Width.SHORT,
              "Position epoch");

  private static final Schema OPTIONAL_TIMESTAMP = Timestamp.builder().optional().build();

  private DeleteHandling deletes;
  private TombstoneHandling tombstones;
  private EventHandling truncates;
  private EventHandling schemaChanges;
  private EventHandling others;
  private MetadataNames names;
  private int positionEpoch;
  private final SchemaCache<Layout> layouts = new SchemaCache<>();

  /** The configured metadata field names; null means "omit". */
  record MetadataNames(
      String op,
      String sourceTs,
      String eventTs,
      String position,
      String topic,
      String partition,
      String offset,
      String deleted) {
    List<String> present() {
      List<String> all = new ArrayList<>();
      for (String s :
          new String[] {op, sourceTs, eventTs, position, topic, partition, offset, deleted}) {
        if (s != null) {
          all.add(s);
        }
      }
      return all;
    }
  }

  @Override
  public void configure(Map<String, ?> props) {
    AbstractConfig config = new AbstractConfig(CONFIG_DEF, props);
    deletes =
        Configs.parseEnum(DeleteHandling.class, DELETE_HANDLING, config.getString(DELETE_HANDLING));
    tombstones =
        Configs.parseEnum(
            TombstoneHandling.class, TOMBSTONE_HANDLING, config.getString(TOMBSTONE_HANDLING));
    truncates =
        Configs.parseEnum(
            EventHandling.class, TRUNCATE_HANDLING, config.getString(TRUNCATE_HANDLING));
    schemaChanges =
        Configs.parseEnum(
            EventHandling.class, SCHEMA_CHANGE_HANDLING, config.getString(SCHEMA_CHANGE_HANDLING));
    others =
        Configs.parseEnum(EventHandling.class, OTHER_HANDLING, config.getString(OTHER_HANDLING));
    names =
        new MetadataNames(
            name(config, FIELD_OPERATION),
            name(config, FIELD_SOURCE_TS),
            name(config, FIELD_EVENT_TS),
            name(config, FIELD_POSITION),
            name(config, FIELD_TOPIC),
            name(config, FIELD_PARTITION),
            name(config, FIELD_OFFSET),
            name(config, FIELD_DELETED));
    positionEpoch = config.getInt(POSITION_EPOCH);
    Set<String> seen = new HashSet<>();
    for (String key :
        List.of(
            FIELD_OPERATION,
            FIELD_SOURCE_TS,
            FIELD_EVENT_TS,
            FIELD_POSITION,
            FIELD_TOPIC,
            FIELD_PARTITION,
            FIELD_OFFSET,
            FIELD_DELETED)) {
      String n = name(config, key);
      if (n != null && !seen.add(n)) {
        throw new ConfigException(
            key, n, "the same field name is configured for another metadata field");
      }
    }
    layouts.clear();
  }

  private static String name(AbstractConfig config, String key) {
    String s = config.getString(key);
    return s == null || s.isEmpty() ? null : s;
  }

  @Override
  public R apply(R record) {
    Object value = record.value();
    if (value == null) {
      return tombstones == TombstoneHandling.DROP ? null : record;
    }
    try {
      switch (Envelope.classify(record.valueSchema(), value)) {
        case SCHEMA_CHANGE:
          return handle(schemaChanges, record, "a schema-change event", SCHEMA_CHANGE_HANDLING);
        case OTHER:
          return handle(others, record, "not a Debezium change event", OTHER_HANDLING);
        default:
          return unwrap(record, value);
      }
    } catch (DataException e) {
      throw Records.error("CdcUnwrap", record, e.getMessage(), e);
    }
  }

  private R handle(EventHandling handling, R record, String what, String key) {
    switch (handling) {
      case DROP:
        return null;
      case KEEP:
        return record;
      default:
        throw new DataException("record is " + what + " and " + key + "=fail");
    }
  }

  private R unwrap(R record, Object envelope) {
    Operation op = Envelope.operation(envelope);
    if (op == Operation.TRUNCATE) {
      if (truncates == EventHandling.FAIL) {
        throw new DataException(
            "MySQL TRUNCATE of "
                + Envelope.source(envelope, "db")
                + "."
                + Envelope.source(envelope, "table")
                + ": no sink applies a TRUNCATE, so every copy still holds the rows. Clear them"
                + " there (S3: the table's prefix; Redshift: TRUNCATE the table; Iceberg: DELETE"
                + " FROM the table), or set "
                + TRUNCATE_HANDLING
                + "=drop to ignore truncates knowingly");
      }
      return handle(truncates, record, "a truncate event (op=t)", TRUNCATE_HANDLING);
    }
    if (op == Operation.MESSAGE) {
      return handle(others, record, "a logical-decoding message (op=m)", OTHER_HANDLING);
    }
    if (op == Operation.DELETE) {
      if (deletes == DeleteHandling.DROP) {
        return null;
      }
      if (deletes == DeleteHandling.TOMBSTONE) {
        return record.newRecord(
            record.topic(),
            record.kafkaPartition(),
            record.keySchema(),
            record.key(),
            null,
            null,
            record.timestamp());
      }
    }
    Object row = Envelope.row(envelope, op);
    if (row == null) {
      throw new DataException(
          "field '"
              + (op == Operation.DELETE ? Envelope.BEFORE : Envelope.AFTER)
              + "': change event with op="
              + op.code()
              + " has no row image");
    }
    if (envelope instanceof Struct struct) {
      Layout layout = layouts.get(struct.schema(), () -> Layout.of(struct.schema(), names));
      Struct out = layout.unwrap(record, struct, (Struct) row, op, positionEpoch);
      return record.newRecord(
          record.topic(),
          record.kafkaPartition(),
          record.keySchema(),
          record.key(),
          layout.schema,
          out,
          record.timestamp());
    }
    if (!(row instanceof Map<?, ?> rowMap)) {
      throw new DataException(
          "field '"
              + (op == Operation.DELETE ? Envelope.BEFORE : Envelope.AFTER)
              + "': expected a map but found "
              + row.getClass().getSimpleName());
    }
    Map<String, Object> out = new LinkedHashMap<>((rowMap.size() + 8) * 4 / 3 + 1);
    rowMap.forEach((k, v) -> out.put(String.valueOf(k), v));
    for (String n : names.present()) {
      if (out.containsKey(n)) {
        throw new DataException(
            "metadata field '" + n + "' already exists in the row; configure another name");
      }
    }
    putIfNamed(out, names.op, op.code());
    putIfNamed(out, names.sourceTs, Envelope.source(envelope, Envelope.TS_MS));
    putIfNamed(out, names.eventTs, Envelope.field(envelope, Envelope.TS_MS));
    putIfNamed(
        out,
        names.position,
        names.position == null ? null : position(envelope, op, record, positionEpoch));
    putIfNamed(out, names.topic, topic(record));
    putIfNamed(out, names.partition, partition(record));
    putIfNamed(out, names.offset, offset(record));
    putIfNamed(out, names.deleted, op == Operation.DELETE);
    return record.newRecord(
        record.topic(),
        record.kafkaPartition(),
        record.keySchema(),
        record.key(),
        null,
        out,
        record.timestamp());
  }

  private static void putIfNamed(Map<String, Object> out, String name, Object value) {
    if (name != null) {
      out.put(name, value);
    }
  }

  static String topic(ConnectRecord<?> r) {
    return r instanceof SinkRecord s ? s.originalTopic() : r.topic();
  }

  static Integer partition(ConnectRecord<?> r) {
    return r instanceof SinkRecord s ? s.originalKafkaPartition() : r.kafkaPartition();
  }

  static String position(Object envelope, Operation op, ConnectRecord<?> record, int epoch) {
    return ChangePosition.withEpoch(ChangePosition.of(envelope, op, offset(record)), epoch);
  }

  static Long offset(ConnectRecord<?> r) {
    return r instanceof SinkRecord s ? Long.valueOf(s.originalKafkaOffset()) : null;
  }

  /** The output schema for one envelope schema, with the fields resolved once. */
  static final class Layout {
    final Schema schema;
    final Field[] rowIn;
    final Field[] rowOut;
    final Field op;
    final Field sourceTs;
    final Field eventTs;
    final Field position;
    final Field topic;
    final Field partition;
    final Field offset;
    final Field deleted;

    private Layout(Schema schema, Field[] rowIn, MetadataNames n) {
      this.schema = schema;
      this.rowIn = rowIn;
      this.rowOut = new Field[rowIn.length];
      for (int i = 0; i < rowIn.length; i++) {
        rowOut[i] = schema.field(rowIn[i].name());
      }
      op = field(schema, n.op);
      sourceTs = field(schema, n.sourceTs);
      eventTs = field(schema, n.eventTs);
      position = field(schema, n.position);
      topic = field(schema, n.topic);
      partition = field(schema, n.partition);
      offset = field(schema, n.offset);
      deleted = field(schema, n.deleted);
    }

    private static Field field(Schema s, String name) {
      return name == null ? null : s.field(name);
    }

    static Layout of(Schema envelope, MetadataNames n) {
      Field rowField =
          envelope.field(Envelope.AFTER) != null
              ? envelope.field(Envelope.AFTER)
              : envelope.field(Envelope.BEFORE);
      Schema row = rowField.schema();
      if (row.type() != Schema.Type.STRUCT) {
        throw new DataException(
            "field '" + rowField.name() + "': expected a struct schema but found " + row.type());
      }
      // Once per schema (layouts are cached): a '?' member may be a character MariaDB lost.
      String lost = QuestionMarkMembers.warning(row.name() == null ? "a table" : row.name(), row);
      if (lost != null) {
        LOG.warn("CdcUnwrap: {}", lost);
      }
      SchemaBuilder b = SchemaBuilder.struct();
      if (row.name() != null) {
        b.name(row.name());
      }
      if (row.version() != null) {
        b.version(row.version());
      }
      if (row.doc() != null) {
        b.doc(row.doc());
      }
      for (Field f : row.fields()) {
        b.field(f.name(), f.schema());
      }
      for (String name : n.present()) {
        if (row.field(name) != null) {
          throw new DataException(
              "metadata field '"
                  + name
                  + "' already exists in the row schema "
                  + (row.name() == null ? "" : "'" + row.name() + "' ")
                  + "; configure another name");
        }
      }
      addIfNamed(b, n.op, Schema.OPTIONAL_STRING_SCHEMA);
      addIfNamed(b, n.sourceTs, OPTIONAL_TIMESTAMP);
      addIfNamed(b, n.eventTs, OPTIONAL_TIMESTAMP);
      addIfNamed(b, n.position, Schema.OPTIONAL_STRING_SCHEMA);
      addIfNamed(b, n.topic, Schema.OPTIONAL_STRING_SCHEMA);
      addIfNamed(b, n.partition, Schema.OPTIONAL_INT32_SCHEMA);
      addIfNamed(b, n.offset, Schema.OPTIONAL_INT64_SCHEMA);
      addIfNamed(b, n.deleted, Schema.OPTIONAL_BOOLEAN_SCHEMA);
      return new Layout(b.build(), row.fields().toArray(new Field[0]), n);
    }

    private static void addIfNamed(SchemaBuilder b, String name, Schema schema) {
      if (name != null) {
        b.field(name, schema);
      }
    }

    Struct unwrap(
        ConnectRecord<?> record, Struct envelope, Struct row, Operation op, int positionEpoch) {
      Struct out = new Struct(schema);
      for (int i = 0; i < rowIn.length; i++) {
        out.put(rowOut[i], Structs.get(row, rowIn[i]));
      }
      if (op != null) {
        putIf(out, this.op, op.code());
      }
      putIf(out, sourceTs, millis(Envelope.source(envelope, Envelope.TS_MS), "source.ts_ms"));
      putIf(out, eventTs, millis(Envelope.field(envelope, Envelope.TS_MS), "ts_ms"));
      if (position != null) {
        out.put(position, CdcUnwrap.position(envelope, op, record, positionEpoch));
      }
      putIf(out, topic, CdcUnwrap.topic(record));
      putIf(out, partition, CdcUnwrap.partition(record));
      putIf(out, offset, CdcUnwrap.offset(record));
      putIf(out, deleted, op == Operation.DELETE);
      return out;
    }

    private static java.util.Date millis(Object v, String field) {
      if (v == null) {
        return null;
      }
      if (v instanceof Number n) {
        return new java.util.Date(n.longValue());
      }
      throw new DataException(
          "field '"
              + field
              + "': expected epoch milliseconds but found "
              + v.getClass().getSimpleName());
    }

    private static void putIf(Struct s, Field f, Object v) {
      if (f != null) {
        s.put(f, v);
      }
    }
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {
    layouts.clear();
  }
}
