package io.tidemark.connect.athena.mapping;

import java.util.Locale;

/** The S3 sink's file format under the landing prefix. */
public enum LandingFormat {
  /** JSON lines, plain or compressed ({@code .jsonl}, {@code .jsonl.gz}). */
  JSONL,
  /** Parquet. */
  PARQUET;

  /** Parses {@code jsonl} / {@code parquet}; fails on anything else. */
  public static LandingFormat parse(String value) {
    for (LandingFormat f : values()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(value)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown landing format '" + value + "', expected one of: jsonl, parquet");
  }
}
