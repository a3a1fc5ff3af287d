package io.tidemark.connect.s3.format;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Output file formats, with the compressions each supports and its file extension. */
public enum Format {
  JSONL("jsonl", EnumSet.of(Compression.NONE, Compression.GZIP, Compression.ZSTD)),
  CSV("csv", EnumSet.of(Compression.NONE, Compression.GZIP, Compression.ZSTD)),
  PARQUET("parquet", EnumSet.allOf(Compression.class)),
  AVRO("avro", EnumSet.allOf(Compression.class));

  private final String extension;
  private final Set<Compression> compressions;

  Format(String extension, Set<Compression> compressions) {
    this.extension = extension;
    this.compressions = compressions;
  }

  public boolean supports(Compression c) {
    return compressions.contains(c);
  }

  public Set<Compression> compressions() {
    return EnumSet.copyOf(compressions);
  }

  /** True when the format compresses inside the file (so the extension carries no codec). */
  public boolean compressesInternally() {
    return this == PARQUET || this == AVRO;
  }

  /**
   * The object key extension, without the leading dot: {@code jsonl}, {@code jsonl.gz}, {@code
   * csv.zst}, {@code parquet}, {@code avro}. Parquet and Avro record their codec inside the file,
   * so readers never look at the name for it.
   */
  public String extension(Compression c) {
    if (compressesInternally() || c == Compression.NONE) {
      return extension;
    }
    return extension + "." + c.streamExtension();
  }

  /** Parses a config value, failing loudly on an unknown name. */
  public static Format parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "Unknown format '" + s + "'; expected one of " + java.util.Arrays.toString(values()));
    }
  }
}
