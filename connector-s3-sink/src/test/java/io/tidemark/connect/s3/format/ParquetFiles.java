package io.tidemark.connect.s3.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/** Reads a Parquet file from bytes without Hadoop, for assertions. */
public final class ParquetFiles {

  public record Contents(ParquetMetadata footer, MessageType schema, List<Group> rows) {}

  private ParquetFiles() {}

  public static Contents read(byte[] file) throws IOException {
    ParquetReadOptions options = HadoopFreeReadOptions.create(new StreamCodecFactory());
    try (ParquetFileReader reader = ParquetFileReader.open(new BytesInputFile(file), options)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      List<Group> rows = new ArrayList<>();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> rr =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          rows.add(rr.read());
        }
      }
      return new Contents(reader.getFooter(), schema, rows);
    }
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
}
