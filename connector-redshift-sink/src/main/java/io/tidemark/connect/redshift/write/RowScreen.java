package io.tidemark.connect.redshift.write;

import io.tidemark.common.identifiers.Utf8;
import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.ColumnDef;
import io.tidemark.connect.redshift.sql.SqlValue;
import io.tidemark.connect.redshift.sql.TableDef;
import io.tidemark.connect.redshift.sql.WriteMode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * Finds, before anything is sent, the changes Redshift would reject and that would fail the whole
 * transaction, or that it would silently change: a value too long for its VARCHAR (bytes), a number
 * over the column's precision or integer range, more decimal places than the column's scale or a
 * fraction into an integer column (Redshift would round them), NaN or infinity into a numeric
 * column, JSON over SUPER's 16 MB, NUL or a lone surrogate in text, NULL in a key or NOT NULL
 * column, a field whose type the existing column cannot take. Checking against the table as it is
 * (not as the sink would create it) also covers tables that users created themselves. Pure: no I/O.
 */
public final class RowScreen {

  /**
   * Why one change cannot be written; {@code incompatible} marks a schema conflict rather than a
   * bad value.
   */
  public record Problem(String column, String reason, boolean incompatible) {}

  /** Redshift's limit for one SUPER value (16 MB). */
  static final int SUPER_MAX_BYTES = 16 * 1024 * 1024;

  private final WriteMode mode;

  public RowScreen(WriteMode mode) {
    this.mode = mode;
  }

  /** The first problem of {@code row} in {@code table}, whose target columns are {@code target}. */
  public Optional<Problem> check(TableDef table, Map<String, TargetColumn> target, ChangeRow row) {
    for (ColumnDef column : table.columns()) {
      TargetColumn existing = target.get(column.name());
      Object value = row.values().get(column.name());
      boolean key = mode == WriteMode.UPSERT && table.keyColumns().contains(column.name());
      if (row.delete() && !key) {
        // A delete uses its key only (the load paths stage NULL for the rest): nothing else in its
        // before image may keep it from applying, or the row would stay in Redshift for ever.
        continue;
      }
      if (value == null) {
        if (key) {
          return problem(column.name(), "key column is NULL", false);
        }
        if (existing != null && !existing.nullable()) {
          return problem(column.name(), "NULL in a NOT NULL column", false);
        }
        continue;
      }
      Optional<String> unstorable = unstorableText(value);
      if (unstorable.isPresent()) {
        return problem(column.name(), unstorable.get(), false);
      }
      if (existing == null) {
        continue;
      }
      if (!existing.accepts(column.type())) {
        return problem(
            column.name(),
            "the change has "
                + column.type()
                + " but the column is "
                + existing.describe()
                + " (incompatible source type change)",
            true);
      }
      Optional<String> misfit = misfit(existing, value);
      if (misfit.isPresent()) {
        if (Widening.wider(column, existing)) {
          // A valid value of a column widened at the source: a schema conflict, never a bad value.
          return problem(
              column.name(),
              misfit.get()
                  + "; the source column is now "
                  + column.type()
                  + " (widened at the source). "
                  + Widening.rebuildSteps(
                      table.schema(),
                      table.name(),
                      column.name(),
                      column.type(),
                      table.isKeyOrDistOrSortKey(column.name())),
              true);
        }
        return problem(column.name(), misfit.get(), false);
      }
    }
    if (!row.delete()) {
      for (TargetColumn existing : target.values()) {
        if (!existing.nullable() && table.column(existing.name()).isEmpty()) {
          return problem(
              existing.name(),
              "NOT NULL column has no field in the change (a dropped source column?)",
              true);
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> problem(String column, String reason, boolean incompatible) {
    return Optional.of(new Problem(column, reason, incompatible));
  }

  /**
   * Why a text value cannot be stored at all, whatever the column: Redshift's VARCHAR and SUPER
   * cannot hold NUL, and a lone UTF-16 surrogate (JSON {@code "\ud800"} decodes to one) is not
   * valid Unicode, so it has no UTF-8 form (the copy path would stage a '?'). The value is never
   * quoted in the reason.
   */
  static Optional<String> unstorableText(Object value) {
    String text =
        value instanceof SqlValue.Json json ? json.text() : value instanceof String s ? s : null;
    if (text == null) {
      return Optional.empty();
    }
    int nul = text.indexOf('\u0000');
    if (nul >= 0) {
      return Optional.of(
          "the value contains a NUL character (U+0000) at character "
              + nul
              + ", which Redshift cannot store");
    }
    int lone = Utf8.firstLoneSurrogate(text);
    if (lone >= 0) {
      return Optional.of(
          "the value is not valid Unicode: a lone UTF-16 surrogate at character " + lone);
    }
    return Optional.empty();
  }

  /** Why {@code value} does not fit {@code column}, if it does not. */
  static Optional<String> misfit(TargetColumn column, Object value) {
    switch (column.family()) {
      case TEXT:
        {
          String text =
              value instanceof SqlValue.Json json
                  ? json.text()
                  : value instanceof BigDecimal d
                      ? d.toPlainString()
                      : value instanceof String s ? s : null;
          if (text != null && column.maxLength() > 0) {
            int bytes = Utf8.byteLength(text);
            if (bytes > column.maxLength()) {
              return Optional.of(
                  "value of " + bytes + " bytes is too long for " + column.describe());
            }
          }
          return Optional.empty();
        }
      case INTEGER:
        {
          if (nonFinite(value)) {
            return Optional.of("value " + value + " cannot be stored in " + column.describe());
          }
          BigDecimal number = decimal(value);
          if (number == null) {
            return Optional.empty();
          }
          if (decimalPlaces(number) > 0) {
            // Redshift would round it: a changed value, not a bad one it rejects.
            return Optional.of(
                "value "
                    + number.toPlainString()
                    + " has a fractional part; "
                    + column.describe()
                    + " would round it");
          }
          BigInteger max = BigInteger.ONE.shiftLeft(column.precision() - 1);
          BigInteger whole = number.toBigInteger();
          if (whole.compareTo(max) >= 0 || whole.compareTo(max.negate()) < 0) {
            return Optional.of(
                "value " + number.toPlainString() + " is out of range for " + column.describe());
          }
          return Optional.empty();
        }
      case DECIMAL:
        {
          if (nonFinite(value)) {
            return Optional.of("value " + value + " cannot be stored in " + column.describe());
          }
          BigDecimal number = decimal(value);
          if (number == null || column.precision() <= 0) {
            return Optional.empty();
          }
          int places = decimalPlaces(number);
          if (places > column.scale()) {
            // Redshift would round it to the column's scale: a changed value.
            return Optional.of(
                "value "
                    + number.toPlainString()
                    + " has "
                    + places
                    + " decimal places, "
                    + column.describe()
                    + " allows "
                    + column.scale()
                    + " and would round it");
          }
          int integerDigits = Math.max(0, number.precision() - number.scale());
          int allowed = column.precision() - column.scale();
          if (number.signum() != 0 && integerDigits > allowed) {
            return Optional.of(
                "numeric overflow: value "
                    + number.toPlainString()
                    + " has "
                    + integerDigits
                    + " integer digits, "
                    + column.describe()
                    + " allows "
                    + allowed);
          }
          return Optional.empty();
        }
      case FLOAT:
        {
          // A double into REAL (a MySQL FLOAT widened to DOUBLE): Redshift would round it.
          if (column.precision() > 0
              && column.precision() <= 24
              && value instanceof Double d
              && Double.isFinite(d)
              && (double) (float) d.doubleValue() != d) {
            return Optional.of(
                "value " + d + " has more precision than REAL holds; REAL would round it");
          }
          return Optional.empty();
        }
      case SUPER:
        {
          if (value instanceof SqlValue.Json json
              && Utf8.byteLength(json.text()) > SUPER_MAX_BYTES) {
            return Optional.of(
                "JSON of "
                    + Utf8.byteLength(json.text())
                    + " bytes is larger than a SUPER value"
                    + " can be ("
                    + SUPER_MAX_BYTES
                    + " bytes)");
          }
          return Optional.empty();
        }
      default:
        return Optional.empty();
    }
  }

  /** Decimal places that carry a digit: 1.230 has 2, 100 has 0. */
  private static int decimalPlaces(BigDecimal number) {
    return number.signum() == 0 ? 0 : Math.max(0, number.stripTrailingZeros().scale());
  }

  private static boolean nonFinite(Object value) {
    return (value instanceof Double d && !Double.isFinite(d))
        || (value instanceof Float f && !Float.isFinite(f));
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Double d && Double.isFinite(d)) {
      return new BigDecimal(Double.toString(d)); // the shortest text that reads back as d
    }
    if (value instanceof Float f && Float.isFinite(f)) {
      return new BigDecimal(Float.toString(f));
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (value instanceof Byte
        || value instanceof Short
        || value instanceof Integer
        || value instanceof Long) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof String s) {
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
