package io.tidemark.e2e.fidelity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tidemark.stack.kit.FidelityMatrix.Sink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The rows of one landed S3 object, each as field name -> Java value in the form the fidelity
 * decoders take: text formats give what the text says (JSON numbers as exact {@link BigDecimal},
 * CSV cells as strings, an unquoted empty CSV cell as null); Parquet and Avro give the values of
 * their own logical types ({@link Instant}, {@link LocalDate}, {@link Duration} of a time, {@link
 * BigDecimal}, {@code byte[]}, {@link List}). Only what the formats' specifications say: nothing of
 * the sink's code.
 */
final class LandedRows {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build();

  private LandedRows() {}

  static List<Map<String, Object>> read(Sink format, byte[] object) throws IOException {
    return switch (format) {
      case S3_JSONL -> jsonl(object);
      case S3_CSV -> csv(new String(object, StandardCharsets.UTF_8));
      case S3_PARQUET -> parquet(object);
      case S3_AVRO -> avro(object);
      case REDSHIFT -> throw new IllegalArgumentException("not an S3 format: " + format);
    };
  }

  // --- JSON lines

  static List<Map<String, Object>> jsonl(byte[] object) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : new String(object, StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      JSON.readTree(line).fields().forEachRemaining(f -> row.put(f.getKey(), json(f.getValue())));
      rows.add(row);
    }
    return rows;
  }

  private static Object json(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isNumber()) {
      return n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : n.decimalValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isArray()) {
      List<Object> out = new ArrayList<>();
      n.forEach(e -> out.add(json(e)));
      return out;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    return n.toString();
  }

  // --- CSV (RFC 4180; an unquoted empty cell is null, "" the empty string)

  static List<Map<String, Object>> csv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
        i++;
        continue;
      }
      if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        record.add(wasQuoted || cell.length() > 0 ? cell.toString() : null);
        cell.setLength(0);
        wasQuoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        record.add(wasQuoted || cell.length() > 0 ? cell.toString() : null);
        records.add(record);
        record = new ArrayList<>();
        cell.setLength(0);
        wasQuoted = false;
      } else {
        cell.append(c);
      }
      i++;
    }
    if (cell.length() > 0 || wasQuoted || !record.isEmpty()) {
      record.add(wasQuoted || cell.length() > 0 ? cell.toString() : null);
      records.add(record);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    if (records.isEmpty()) {
      return rows;
    }
    List<String> header = records.get(0);
    for (List<String> r : records.subList(1, records.size())) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int k = 0; k < header.size(); k++) {
        row.put(header.get(k), k < r.size() ? r.get(k) : null);
      }
      rows.add(row);
    }
    return rows;
  }

  // --- Parquet (uncompressed; the fidelity runs land with format.compression=NONE)

  static List<Map<String, Object>> parquet(byte[] file) throws IOException {
    ParquetReadOptions options = HadoopFreeReadOptions.uncompressed();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ParquetFileReader reader = ParquetFileReader.open(new BytesInputFile(file), options)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> rr =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long k = 0; k < pages.getRowCount(); k++) {
          Group g = rr.read();
          Map<String, Object> row = new LinkedHashMap<>();
          for (Type field : schema.getFields()) {
            row.put(field.getName(), parquetField(g, field));
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  private static Object parquetField(Group g, Type field) {
    String name = field.getName();
    if (g.getFieldRepetitionCount(name) == 0) {
      return null;
    }
    if (!field.isPrimitive()) {
      GroupType group = field.asGroupType();
      if (group.getLogicalTypeAnnotation()
          instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
        Group list = g.getGroup(name, 0);
        GroupType repeated = group.getType(0).asGroupType();
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < list.getFieldRepetitionCount(0); k++) {
          Group element = list.getGroup(0, k);
          out.add(parquetField(element, repeated.getType(0)));
        }
        return out;
      }
      return g.getGroup(name, 0).toString();
    }
    PrimitiveType p = field.asPrimitiveType();
    LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
      BigInteger unscaled =
          switch (p.getPrimitiveTypeName()) {
            case INT32 -> BigInteger.valueOf(g.getInteger(name, 0));
            case INT64 -> BigInteger.valueOf(g.getLong(name, 0));
            default -> new BigInteger(g.getBinary(name, 0).getBytes());
          };
      return new BigDecimal(unscaled, d.getScale());
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return LocalDate.ofEpochDay(g.getInteger(name, 0));
    }
    if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation t) {
      long v =
          p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32
              ? g.getInteger(name, 0)
              : g.getLong(name, 0);
      return Duration.of(v, unit(t.getUnit()));
    }
    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
      return Instant.EPOCH.plus(g.getLong(name, 0), unit(t.getUnit()));
    }
    return switch (p.getPrimitiveTypeName()) {
      case BOOLEAN -> g.getBoolean(name, 0);
      case INT32 -> g.getInteger(name, 0);
      case INT64 -> g.getLong(name, 0);
      case FLOAT -> g.getFloat(name, 0);
      case DOUBLE -> g.getDouble(name, 0);
      case BINARY, FIXED_LEN_BYTE_ARRAY ->
          logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                  || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                  || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
              ? g.getString(name, 0)
              : g.getBinary(name, 0).getBytes();
      case INT96 -> g.getInt96(name, 0).getBytes();
    };
  }

  private static ChronoUnit unit(LogicalTypeAnnotation.TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> ChronoUnit.MILLIS;
      case MICROS -> ChronoUnit.MICROS;
      case NANOS -> ChronoUnit.NANOS;
    };
  }

  private static final class BytesInputFile implements InputFile {
    private final byte[] data;

    BytesInputFile(byte[] data) {
      this.data = data;
    }

    @Override
    public long getLength() {
      return data.length;
    }

    @Override
    public SeekableInputStream newStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(data);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() {
          return data.length - in.available();
        }

        @Override
        public void seek(long newPos) {
          in.reset();
          in.skip(newPos);
        }
      };
    }
  }

  // --- Avro object container files

  static List<Map<String, Object>> avro(byte[] file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (DataFileStream<GenericRecord> in =
        new DataFileStream<>(new ByteArrayInputStream(file), new GenericDatumReader<>())) {
      for (GenericRecord r : in) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Schema.Field f : r.getSchema().getFields()) {
          Object original = f.getObjectProp("tidemark.name");
          String name = original != null ? original.toString() : f.name();
          row.put(name, avroValue(f.schema(), r.get(f.pos())));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Object avroValue(Schema schema, Object v) {
    if (v == null) {
      return null;
    }
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema s : schema.getTypes()) {
        if (s.getType() != Schema.Type.NULL) {
          return avroValue(s, v);
        }
      }
    }
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal d) {
      byte[] bytes = bytes(v);
      return new BigDecimal(new BigInteger(bytes), d.getScale());
    }
    if (logical instanceof LogicalTypes.Date) {
      return LocalDate.ofEpochDay(((Number) v).longValue());
    }
    if (logical instanceof LogicalTypes.TimeMillis) {
      return Duration.ofMillis(((Number) v).longValue());
    }
    if (logical instanceof LogicalTypes.TimeMicros) {
      return Duration.of(((Number) v).longValue(), ChronoUnit.MICROS);
    }
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return Instant.ofEpochMilli(((Number) v).longValue());
    }
    if (logical instanceof LogicalTypes.TimestampMicros) {
      return Instant.EPOCH.plus(((Number) v).longValue(), ChronoUnit.MICROS);
    }
    return switch (schema.getType()) {
      case BYTES, FIXED -> bytes(v);
      case STRING, ENUM -> v.toString();
      case ARRAY -> {
        List<Object> out = new ArrayList<>();
        for (Object e : (Iterable<?>) v) {
          out.add(avroValue(schema.getElementType(), e));
        }
        yield out;
      }
      case MAP -> {
        Map<String, Object> out = new HashMap<>();
        ((Map<?, ?>) v)
            .forEach((k, e) -> out.put(k.toString(), avroValue(schema.getValueType(), e)));
        yield out;
      }
      default -> v;
    };
  }

  private static byte[] bytes(Object v) {
    if (v instanceof ByteBuffer b) {
      ByteBuffer copy = b.duplicate();
      byte[] out = new byte[copy.remaining()];
      copy.get(out);
      return out;
    }
    if (v instanceof org.apache.avro.generic.GenericFixed f) {
      return f.bytes();
    }
    return (byte[]) v;
  }
}
