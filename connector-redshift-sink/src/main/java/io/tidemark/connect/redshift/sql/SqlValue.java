package io.tidemark.connect.redshift.sql;

import java.util.Objects;

/**
 * Values the SQL builders accept: {@code null}, {@link String}, {@link Boolean}, integral numbers,
 * {@link java.math.BigDecimal}, {@link Float}, {@link Double}, {@code byte[]}, {@link
 * java.time.LocalDate}, {@link java.time.LocalTime}, {@link java.time.LocalDateTime}, {@link
 * java.time.Instant}, {@link java.time.OffsetDateTime}, and {@link Json} for SUPER.
 */
public final class SqlValue {

  private SqlValue() {}

  /** JSON text for a SUPER column, parsed by Redshift's {@code JSON_PARSE}. */
  public record Json(String text) {
    public Json {
      Objects.requireNonNull(text, "text");
    }
  }
}
