package io.tidemark.connect.redshift.write;

import io.tidemark.common.identifiers.RedshiftIdentifiers;
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
 * the steps spelled out ({@link #rebuildSteps}). A VARCHAR is always widened to the maximum, so
 * that tasks on different schema versions cannot shrink it in turn. Pure.
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
        && w.maxLength() > existing.maxLength()
        && existing.maxLength() < TypeMapping.MAX_VARCHAR_BYTES) {
      // Always to the maximum: every task (a zombie on an older schema included) then asks for the
      // same size, so concurrent or re-sent ALTERs can never shrink a column another widened.
      return OptionalInt.of(TypeMapping.MAX_VARCHAR_BYTES);
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

  /**
   * What the operator runs to widen {@code column} of {@code schema.table} to {@code type}; a key
   * column ({@code key}: primary key, DISTKEY or SORTKEY) cannot be dropped, so it needs a new
   * table.
   */
  public static String rebuildSteps(
      String schema, String table, String column, String type, boolean key) {
    String t = quote(schema) + "." + quote(table);
    String c = quote(column);
    String next = quote(column + "__widened");
    if (key) {
      return "Redshift cannot change a key, DISTKEY or SORTKEY column in place; to widen "
          + t
          + "."
          + c
          + " to "
          + type
          + ", pause the connector, create a new table with the same columns and "
          + c
          + " "
          + type
          + ", INSERT INTO it SELECT * FROM "
          + t
          + ", drop "
          + t
          + " and rename the new table to it, then resume the connector (restart the task if"
          + " it failed)";
    }
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
        + ", then resume the connector (restart the task if it failed)";
  }

  /** Quoted as the sink quotes every name; not validated: the steps are text, not SQL it runs. */
  private static String quote(String name) {
    return RedshiftIdentifiers.defaults().quote(name.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Whether a decimal's precision says what the source declares: 38 is also what a decimal without
   * a declared precision maps to, so integer digits up to DECIMAL(38,s) are not taken for a
   * widening (a MySQL DECIMAL widened to exactly precision 38 is the one case this misses).
   */
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
