package org.apache.parquet;

import java.util.HashMap;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Test-only, as connector-s3-sink's test helper of the same name: ParquetReadOptions' builders
 * always touch Hadoop classes, its constructor does not. Lives in Parquet's package to reach that
 * package-private constructor, so the fidelity tests read landed Parquet without Hadoop.
 */
public final class HadoopFreeReadOptions {

  private HadoopFreeReadOptions() {}

  /** Options for uncompressed files (what the fidelity runs land). */
  public static ParquetReadOptions uncompressed() {
    return create(
        new CompressionCodecFactory() {
          @Override
          public BytesInputCompressor getCompressor(
              org.apache.parquet.hadoop.metadata.CompressionCodecName codec) {
            throw new UnsupportedOperationException("read only");
          }

          @Override
          public BytesInputDecompressor getDecompressor(
              org.apache.parquet.hadoop.metadata.CompressionCodecName codec) {
            if (codec != org.apache.parquet.hadoop.metadata.CompressionCodecName.UNCOMPRESSED) {
              throw new UnsupportedOperationException("only uncompressed Parquet, not " + codec);
            }
            return new BytesInputDecompressor() {
              @Override
              public org.apache.parquet.bytes.BytesInput decompress(
                  org.apache.parquet.bytes.BytesInput bytes, int size) {
                return bytes;
              }

              @Override
              public void decompress(
                  java.nio.ByteBuffer in, int inSize, java.nio.ByteBuffer out, int outSize) {
                out.put(in);
              }

              @Override
              public void release() {}
            };
          }

          @Override
          public void release() {}
        });
  }

  public static ParquetReadOptions create(CompressionCodecFactory codecs) {
    return new ParquetReadOptions(
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        false,
        FilterCompat.NOOP,
        ParquetMetadataConverter.NO_FILTER,
        codecs,
        new HeapByteBufferAllocator(),
        8 * 1024 * 1024,
        new HashMap<>(),
        null,
        null,
        new PlainParquetConfiguration());
  }
}
