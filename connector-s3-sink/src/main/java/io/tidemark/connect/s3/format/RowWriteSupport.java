package io.tidemark.connect.s3.format;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** Feeds {@link Row}s to Parquet's record consumer. Never touches Hadoop classes. */
final class RowWriteSupport extends WriteSupport<Row> {

  private final RowSchema schema;
  private final MessageType messageType;
  private final Map<String, String> metadata;
  private RecordConsumer consumer;

  RowWriteSupport(RowSchema schema, MessageType messageType) {
    this.schema = schema;
    this.messageType = messageType;
    this.metadata = new HashMap<>();
    metadata.put("tidemark.schema.fingerprint", schema.fingerprint());
  }

  @Override
  public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
    return new WriteContext(messageType, metadata);
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(messageType, metadata);
  }

  @Override
  public String getName() {
    return "tidemark";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Row row) {
    // Check required fields first, so a bad row never leaves a half-written record behind.
    validate(schema.fields(), row, "");
    consumer.startMessage();
    writeFields(schema.fields(), row);
    consumer.endMessage();
  }

  private static void validate(List<Field> fields, Row row, String path) {
    for (Field f : fields) {
      Object v = row.get(f.name());
      String p = path.isEmpty() ? f.name() : path + "." + f.name();
      if (v == null && !f.optional()) {
        throw new DataException("Field '" + p + "' is required but null");
      }
      if (v instanceof Row && f.type().kind() == DataType.Kind.STRUCT) {
        validate(f.type().fields(), (Row) v, p);
      }
      if (v != null && f.type().kind() == DataType.Kind.DECIMAL) {
        ConnectRowConverter.checkedDecimal((BigDecimal) v, f.type(), p);
      }
      if (v != null) {
        ConnectRowConverter.checkedTimeOfDay(f.type(), v, p);
      }
    }
  }

  private void writeFields(List<Field> fields, Row row) {
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      Object v = row.get(f.name());
      if (v == null) {
        continue;
      }
      consumer.startField(f.name(), i);
      writeValue(f.type(), v);
      consumer.endField(f.name(), i);
    }
  }

  private void writeValue(DataType t, Object v) {
    switch (t.kind()) {
      case BOOLEAN:
        consumer.addBoolean((Boolean) v);
        return;
      case INT32:
      case DATE:
      case TIME_MILLIS:
        consumer.addInteger(((Number) v).intValue());
        return;
      case INT64:
      case TIME_MICROS:
      case TIMESTAMP_MILLIS:
      case TIMESTAMP_MICROS:
        consumer.addLong(((Number) v).longValue());
        return;
      case FLOAT32:
        consumer.addFloat(((Number) v).floatValue());
        return;
      case FLOAT64:
        consumer.addDouble(((Number) v).doubleValue());
        return;
      case NULL:
      case STRING:
      case JSON:
        consumer.addBinary(Binary.fromString(v.toString()));
        return;
      case BYTES:
        consumer.addBinary(Binary.fromConstantByteArray((byte[]) v));
        return;
      case DECIMAL:
        writeDecimal(t, (BigDecimal) v);
        return;
      case STRUCT:
        consumer.startGroup();
        writeFields(t.fields(), (Row) v);
        consumer.endGroup();
        return;
      case ARRAY:
        {
          consumer.startGroup();
          List<?> list = (List<?>) v;
          if (!list.isEmpty()) {
            consumer.startField("list", 0);
            for (Object e : list) {
              consumer.startGroup();
              if (e != null) {
                consumer.startField("element", 0);
                writeValue(t.element(), e);
                consumer.endField("element", 0);
              }
              consumer.endGroup();
            }
            consumer.endField("list", 0);
          }
          consumer.endGroup();
          return;
        }
      case MAP:
        {
          consumer.startGroup();
          Map<?, ?> map = (Map<?, ?>) v;
          if (!map.isEmpty()) {
            consumer.startField("key_value", 0);
            for (Map.Entry<?, ?> e : map.entrySet()) {
              consumer.startGroup();
              consumer.startField("key", 0);
              consumer.addBinary(Binary.fromString(String.valueOf(e.getKey())));
              consumer.endField("key", 0);
              if (e.getValue() != null) {
                consumer.startField("value", 1);
                writeValue(t.element(), e.getValue());
                consumer.endField("value", 1);
              }
              consumer.endGroup();
            }
            consumer.endField("key_value", 0);
          }
          consumer.endGroup();
          return;
        }
      default:
        throw new DataException("Cannot write " + t + " to Parquet");
    }
  }

  private void writeDecimal(DataType t, BigDecimal d) {
    BigInteger unscaled = d.setScale(t.scale()).unscaledValue();
    if (t.precision() <= 9) {
      consumer.addInteger(unscaled.intValueExact());
    } else if (t.precision() <= 18) {
      consumer.addLong(unscaled.longValueExact());
    } else {
      int len = ParquetSchemas.decimalBytes(t.precision());
      byte[] raw = unscaled.toByteArray();
      byte[] fixed = new byte[len];
      byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0x00);
      int offset = len - raw.length;
      for (int i = 0; i < offset; i++) {
        fixed[i] = pad;
      }
      System.arraycopy(raw, 0, fixed, offset, raw.length);
      consumer.addBinary(Binary.fromConstantByteArray(fixed));
    }
  }
}
