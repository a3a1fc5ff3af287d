package io.tidemark.connect.smt;

import io.tidemark.connect.smt.util.Records;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Template for transforms with {@code $Key} and {@code $Value} variants: picks the record part,
 * hands it to {@link #transform}, and builds the new record only when something changed. Null parts
 * (tombstones, null keys) pass through untouched. A {@link DataException} from the transform is
 * rethrown with the transform name and the record's topic, partition and offset.
 */
public abstract class KeyOrValueTransformation<R extends ConnectRecord<R>>
    implements Transformation<R> {

  /** The new schema and value of the record part; return the inputs to leave the record as is. */
  protected record Part(Schema schema, Object value) {}

  private final boolean key;

  protected KeyOrValueTransformation(boolean key) {
    this.key = key;
  }

  protected final boolean isKey() {
    return key;
  }

  /** Name used in error messages, e.g. {@code HashFields$Value}. */
  protected String name() {
    return getClass().getEnclosingClass() != null
        ? getClass().getEnclosingClass().getSimpleName() + "$" + getClass().getSimpleName()
        : getClass().getSimpleName();
  }

  @Override
  public final R apply(R record) {
    Schema schema = key ? record.keySchema() : record.valueSchema();
    Object value = key ? record.key() : record.value();
    if (value == null) {
      String topic = topic(record);
      return topic.equals(record.topic())
          ? record
          : record.newRecord(
              topic,
              record.kafkaPartition(),
              record.keySchema(),
              record.key(),
              record.valueSchema(),
              record.value(),
              record.timestamp());
    }
    Part part;
    try {
      part = transform(record, schema, value);
    } catch (DataException e) {
      throw Records.error(name(), record, e.getMessage(), e);
    }
    String topic = topic(record);
    if (part.schema() == schema && part.value() == value && topic.equals(record.topic())) {
      return record;
    }
    return key
        ? record.newRecord(
            topic,
            record.kafkaPartition(),
            part.schema(),
            part.value(),
            record.valueSchema(),
            record.value(),
            record.timestamp())
        : record.newRecord(
            topic,
            record.kafkaPartition(),
            record.keySchema(),
            record.key(),
            part.schema(),
            part.value(),
            record.timestamp());
  }

  /** The topic of the output record; the input topic unless overridden. */
  protected String topic(R record) {
    return record.topic();
  }

  /** Transforms a non-null key or value; {@code schema} is null for schemaless records. */
  protected abstract Part transform(R record, Schema schema, Object value);

  @Override
  public void close() {}
}
