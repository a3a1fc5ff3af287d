package io.tidemark.connect.s3.format;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression without Hadoop: parquet-hadoop's own {@code CodecFactory} goes through
 * Hadoop's {@code CompressionCodec} classes, so this factory calls the JDK (gzip), snappy-java and
 * zstd-jni directly. Output follows the Parquet spec: GZIP is RFC 1952, SNAPPY a raw snappy block,
 * ZSTD a zstd frame.
 */
public final class StreamCodecFactory implements CompressionCodecFactory {

  static final int ZSTD_LEVEL = 3;

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        return BytesInput.from(StreamCodecFactory.compress(codec, bytes.toByteArray()));
      }

      @Override
      public CompressionCodecName getCodecName() {
        return codec;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        return BytesInput.from(
            StreamCodecFactory.decompress(codec, bytes.toByteArray(), uncompressedSize));
      }

      @Override
      public void decompress(
          ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] in = new byte[compressedSize];
        input.get(in);
        output.put(StreamCodecFactory.decompress(codec, in, uncompressedSize));
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}

  static byte[] compress(CompressionCodecName codec, byte[] in) throws IOException {
    switch (codec) {
      case UNCOMPRESSED:
        return in;
      case SNAPPY:
        return Snappy.compress(in);
      case ZSTD:
        return Zstd.compress(in, ZSTD_LEVEL);
      case GZIP:
        {
          ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
          try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(in);
          }
          return out.toByteArray();
        }
      default:
        throw new IOException("Unsupported Parquet codec " + codec);
    }
  }

  static byte[] decompress(CompressionCodecName codec, byte[] in, int size) throws IOException {
    switch (codec) {
      case UNCOMPRESSED:
        return in;
      case SNAPPY:
        return Snappy.uncompress(in);
      case ZSTD:
        return Zstd.decompress(in, size);
      case GZIP:
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(in))) {
          return gz.readNBytes(size);
        }
      default:
        throw new IOException("Unsupported Parquet codec " + codec);
    }
  }

  /** The Parquet codec for a configured compression. */
  static CompressionCodecName codecName(Compression c) {
    switch (c) {
      case NONE:
        return CompressionCodecName.UNCOMPRESSED;
      case GZIP:
        return CompressionCodecName.GZIP;
      case ZSTD:
        return CompressionCodecName.ZSTD;
      case SNAPPY:
        return CompressionCodecName.SNAPPY;
      default:
        throw new IllegalArgumentException(c.name());
    }
  }
}
