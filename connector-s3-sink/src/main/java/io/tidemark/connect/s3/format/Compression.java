package io.tidemark.connect.s3.format;

import java.util.Locale;

/** Compression codecs. SNAPPY only exists inside Parquet and Avro files. */
public enum Compression {
  NONE,
  GZIP,
  ZSTD,
  SNAPPY;

  String streamExtension() {
    switch (this) {
      case GZIP:
        return "gz";
      case ZSTD:
        return "zst";
      default:
        throw new IllegalStateException(this + " is not a stream compression");
    }
  }

  /** Parses a config value, failing loudly on an unknown name. */
  public static Compression parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "Unknown compression '"
              + s
              + "'; expected one of "
              + java.util.Arrays.toString(values()));
    }
  }
}
