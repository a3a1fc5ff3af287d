package io.tidemark.connect.s3.format;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.errors.DataException;

/**
 * An Avro object container file. Codecs: NONE null, GZIP deflate (Avro has no gzip codec; deflate
 * is the same algorithm), ZSTD zstandard, SNAPPY snappy. The row schema's fingerprint is stored in
 * the file metadata as {@code tidemark.schema.fingerprint}.
 */
final class AvroRecordWriter extends StreamRecordWriter {

  private final Schema avroSchema;
  private final DataFileWriter<GenericRecord> writer;

  AvroRecordWriter(RowSchema schema, OutputStream out, Compression compression) throws IOException {
    super(schema, out);
    this.avroSchema = AvroSchemas.toAvro(schema);
    this.writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(avroSchema));
    writer.setCodec(codec(compression));
    writer.setMeta("tidemark.schema.fingerprint", schema.fingerprint());
    writer.create(avroSchema, raw);
  }

  private static CodecFactory codec(Compression c) {
    switch (c) {
      case NONE:
        return CodecFactory.nullCodec();
      case GZIP:
        return CodecFactory.deflateCodec(6);
      case ZSTD:
        return CodecFactory.zstandardCodec(3);
      case SNAPPY:
        return CodecFactory.snappyCodec();
      default:
        throw new IllegalArgumentException(c.name());
    }
  }

  @Override
  public void write(Row row) throws IOException {
    GenericRecord r = record(avroSchema, schema.fields(), row, "");
    try {
      writer.append(r);
    } catch (DataFileWriter.AppendWriteException e) {
      throw new DataException("Row does not fit the Avro schema: " + e.getMessage(), e);
    }
    countRow();
  }

  private static GenericRecord record(Schema s, List<Field> fields, Row row, String path) {
    GenericData.Record r = new GenericData.Record(s);
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      Object v = row.get(f.name());
      String p = path.isEmpty() ? f.name() : path + "." + f.name();
      if (v == null && !f.optional()) {
        throw new DataException("Field '" + p + "' is required but null");
      }
      Schema fs = s.getFields().get(i).schema();
      if (v != null) {
        ConnectRowConverter.checkedTimeOfDay(f.type(), v, p);
      }
      r.put(i, value(unwrap(fs), f.type(), v, p));
    }
    return r;
  }

  private static Schema unwrap(Schema s) {
    return s.getType() == Schema.Type.UNION ? s.getTypes().get(1) : s;
  }

  private static Object value(Schema s, DataType t, Object v, String path) {
    if (v == null) {
      return null;
    }
    switch (t.kind()) {
      case INT32:
      case DATE:
      case TIME_MILLIS:
        return ((Number) v).intValue();
      case INT64:
      case TIME_MICROS:
      case TIMESTAMP_MILLIS:
      case TIMESTAMP_MICROS:
        return ((Number) v).longValue();
      case FLOAT32:
        return ((Number) v).floatValue();
      case FLOAT64:
        return ((Number) v).doubleValue();
      case BYTES:
        return ByteBuffer.wrap((byte[]) v);
      case DECIMAL:
        return ByteBuffer.wrap(
            ConnectRowConverter.checkedDecimal((BigDecimal) v, t, path)
                .unscaledValue()
                .toByteArray());
      case NULL:
      case STRING:
      case JSON:
        return v.toString();
      case STRUCT:
        return record(s, t.fields(), (Row) v, path);
      case ARRAY:
        {
          List<?> in = (List<?>) v;
          List<Object> out = new ArrayList<>(in.size());
          Schema es = unwrap(s.getElementType());
          for (Object e : in) {
            out.add(value(es, t.element(), e, path + "[]"));
          }
          return out;
        }
      case MAP:
        {
          Map<String, Object> out = new LinkedHashMap<>();
          Schema vs = unwrap(s.getValueType());
          for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            out.put(String.valueOf(e.getKey()), value(vs, t.element(), e.getValue(), path + "{}"));
          }
          return out;
        }
      default:
        return v;
    }
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
