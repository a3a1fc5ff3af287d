package io.tidemark.connect.redshift.write;

import io.tidemark.connect.redshift.sql.ColumnDef;
import io.tidemark.connect.redshift.sql.TypeMapping;
import io.tidemark.connect.redshift.write.TargetColumn.Family;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Whether a source column is now wider than its Redshift column (a column widened in MySQL: VARCHAR
 * longer, INT to BIGINT, DECIMAL precision or scale up, FLOAT to DOUBLE). Redshift can widen only a
 * VARCHAR in place ({@code ALTER TABLE ... ALTER COLUMN ... TYPE VARCHAR(n)}, outside a transaction
 * block, not on a column with a DEFAULT, a key constraint or BYTEDICT/RUNLENGTH/TEXT255/TEXT32K
 * encoding); every other widening rebuilds the column, which the sink leaves to the operator with
 * the steps spelled out ({@link #rebuildSteps}). A size the sink cannot know (VARCHAR(65535), what
 * a string of undeclared length maps to; DECIMAL precision 38, likewise) is never a widening: a
 * value that does not fit then stays a bad value. Pure.
 */
public final class Widening {
  private Widening() {}

  /** The VARCHAR bytes to widen {@code existing} to, when {@code wanted} is a longer VARCHAR. */
  public static OptionalInt varcharBytes(ColumnDef wanted, TargetColumn existing) {
    if (existing == null || existing.family() != Family.TEXT || existing.maxLength() <= 0) {
      return OptionalInt.empty();
    }
    TargetColumn w = ofDdl(wanted);
    if (w.family() == Family.TEXT
        && knownLength(w.maxLength())
        && w.maxLength() > existing.maxLength()) {
      return OptionalInt.of(w.maxLength());
    }
    return OptionalInt.empty();
  }

  /** Whether a value of {@code wanted}'s type may not fit {@code existing} although it is valid. */
  public static boolean wider(ColumnDef wanted, TargetColumn existing) {
    if (existing == null) {
      return false;
    }
    TargetColumn w = ofDdl(wanted);
    return switch (existing.family()) {
      case TEXT ->
          w.family() == Family.TEXT
              && existing.maxLength() > 0
              && knownLength(w.maxLength())
              && w.maxLength() > existing.maxLength();
      case INTEGER ->
          (w.family() == Family.INTEGER && w.precision() > existing.precision())
              || (w.family() == Family.DECIMAL
                  && (w.scale() > 0 || w.precision() > digits(existing.precision())))
              || w.family() == Family.FLOAT;
      case DECIMAL ->
          existing.precision() > 0
              && switch (w.family()) {
                case DECIMAL ->
                    w.scale() > existing.scale()
                        || (knownPrecision(w.precision())
                            && w.precision() - w.scale() > existing.precision() - existing.scale());
                case INTEGER -> digits(w.precision()) > existing.precision() - existing.scale();
                case FLOAT -> true;
                default -> false;
              };
      case FLOAT -> w.family() == Family.FLOAT && w.precision() > existing.precision();
      default -> false;
    };
  }

  /** What the operator runs to widen {@code column} of {@code schema.table} to {@code type}. */
  public static String rebuildSteps(String schema, String table, String column, String type) {
    String t = quote(schema) + "." + quote(table);
    String c = quote(column);
    String next = quote(column + "__widened");
    return "Redshift widens only a VARCHAR in place; to widen "
        + t
        + "."
        + c
        + " to "
        + type
        + ", pause the connector and run: ALTER TABLE "
        + t
        + " ADD COLUMN "
        + next
        + " "
        + type
        + "; UPDATE "
        + t
        + " SET "
        + next
        + " = "
        + c
        + "; ALTER TABLE "
        + t
        + " DROP COLUMN "
        + c
        + "; ALTER TABLE "
        + t
        + " RENAME COLUMN "
        + next
        + " TO "
        + c
        + " (a DISTKEY or SORTKEY column needs a new table instead), then resume it";
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /**
   * Whether a VARCHAR size says what the source declares: the sink maps a string of unknown length
   * (no propagated source length, TEXT types, lengths over the cap) to the maximum, 65535, which
   * says nothing about the source, so it is never taken for a widening.
   */
  private static boolean knownLength(int bytes) {
    return bytes > 0 && bytes < TypeMapping.MAX_VARCHAR_BYTES;
  }

  /** Likewise a decimal's precision: 38 is also what a decimal without a declared one maps to. */
  private static boolean knownPrecision(int precision) {
    return precision > 0 && precision < 38;
  }

  /** Decimal digits a two's complement integer of {@code bits} holds in full. */
  private static int digits(int bits) {
    return switch (bits) {
      case 16 -> 5;
      case 32 -> 10;
      default -> 19;
    };
  }

  /** The sink's generated DDL type as a {@link TargetColumn}: VARCHAR(n), DECIMAL(p,s), ... */
  static TargetColumn ofDdl(ColumnDef column) {
    String t = column.type().toUpperCase(Locale.ROOT).trim();
    Family family = TargetColumn.familyOfDdlType(t);
    int open = t.indexOf('(');
    int[] args = new int[2];
    if (open >= 0 && t.endsWith(")")) {
      String[] parts = t.substring(open + 1, t.length() - 1).split(",");
      for (int i = 0; i < Math.min(2, parts.length); i++) {
        try {
          args[i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
          args[i] = 0;
        }
      }
    }
    String base = open < 0 ? t : t.substring(0, open).trim();
    return switch (family) {
      case TEXT -> new TargetColumn(column.name(), family, args[0], 0, 0, column.nullable());
      case DECIMAL ->
          new TargetColumn(
              column.name(), family, 0, args[0] > 0 ? args[0] : 18, args[1], column.nullable());
      case INTEGER ->
          new TargetColumn(
              column.name(),
              family,
              0,
              base.equals("SMALLINT") ? 16 : base.equals("INTEGER") ? 32 : 64,
              0,
              column.nullable());
      case FLOAT ->
          new TargetColumn(
              column.name(), family, 0, base.equals("REAL") ? 24 : 53, 0, column.nullable());
      default -> new TargetColumn(column.name(), family, 0, 0, 0, column.nullable());
    };
  }
}
