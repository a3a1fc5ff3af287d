package org.apache.parquet;

import java.util.HashMap;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Test-only: ParquetReadOptions' builders always touch Hadoop classes, its constructor does not.
 * Lives in Parquet's package to reach that package-private constructor, so the format tests read
 * files back with no Hadoop on the class path (the same class path the plugin runs with).
 */
public final class HadoopFreeReadOptions {

  private HadoopFreeReadOptions() {}

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
