package io.tidemark.stack.kit;

import java.util.ArrayList;
import java.util.List;

/**
 * Bad input and what each plugin does with it: the one list the bad-input tests of every module
 * assert against (each test compares the outcome it observes with {@link #smt}, {@link #s3} or
 * {@link #redshift}) and from which the root README's "Bad input: what happens" section is rendered
 * ({@code BadInputTableTest} fails when they differ).
 */
public enum BadInput {
  NOT_UTF8_BYTES(
      "Value bytes that are not UTF-8 (JSON converter)",
      Outcome.of(Kind.CONVERTER_REJECTS),
      Outcome.of(Kind.CONVERTER_REJECTS),
      Outcome.of(Kind.CONVERTER_REJECTS)),
  REQUIRED_FIELD_MISSING(
      "Required field null or missing (JSON with schemas)",
      Outcome.of(Kind.CONVERTER_REJECTS),
      Outcome.of(Kind.CONVERTER_REJECTS),
      Outcome.of(Kind.CONVERTER_REJECTS)),
  VALUE_NOT_A_ROW(
      "Value that is not a struct or map (a bare string, number, array)",
      Outcome.of(
          Kind.PASSED, "CdcUnwrap keeps it (`other.handling`); field transforms find no field"),
      Outcome.of(Kind.CONVERTED, "one column `value`"),
      Outcome.of(Kind.BAD_RECORD, "not a Struct with a schema")),
  SCHEMALESS(
      "Schemaless JSON (no schema at all)",
      Outcome.of(Kind.PASSED, "NormalizeTypes has nothing to go by; the others work on maps"),
      Outcome.of(Kind.CONVERTED, "columns inferred per record"),
      Outcome.of(Kind.BAD_RECORD, "needs a Struct with a schema")),
  FIELD_TYPE_CHANGED(
      "A field changes type between records (INT64, then STRING)",
      Outcome.of(Kind.PASSED),
      Outcome.of(Kind.CONVERTED, "a new file starts with the new schema"),
      Outcome.of(
          Kind.TASK_FAILS,
          "naming table, column and both types;"
              + " `redshift.incompatible.change.handling=dlq` makes it a bad record")),
  LONE_SURROGATE(
      "String with a lone UTF-16 surrogate (JSON `\"\\ud800\"`)",
      Outcome.of(Kind.PASSED),
      Outcome.of(Kind.BAD_RECORD, "not valid Unicode: UTF-8 formats would write `?`"),
      Outcome.of(Kind.BAD_RECORD, "not valid Unicode")),
  NUL_CHARACTER(
      "String with a NUL character (U+0000)",
      Outcome.of(Kind.PASSED),
      Outcome.of(Kind.CONVERTED, "kept (JSON `\\u0000`)"),
      Outcome.of(Kind.BAD_RECORD, "VARCHAR cannot store NUL")),
  HUGE_STRING(
      "A 10 MB string",
      Outcome.of(Kind.PASSED),
      Outcome.of(
          Kind.CONVERTED,
          "held within `buffer.budget.bytes` (multipart parts, else spilled), lands whole"),
      Outcome.of(Kind.BAD_RECORD, "longer than the VARCHAR (at most 65535 bytes)")),
  NAN_INFINITY(
      "FLOAT64 NaN, Infinity, -Infinity (Kafka's JsonConverter cannot carry them: it writes"
          + " `\"NaN\"` and reads that back as 0.0; Avro can)",
      Outcome.of(Kind.PASSED),
      Outcome.of(
          Kind.CONVERTED,
          "Parquet/Avro: the double; JSONL: strings `\"NaN\"`, `\"Infinity\"`,"
              + " `\"-Infinity\"`; CSV: `NaN`, `Infinity`, `-Infinity`"),
      Outcome.of(Kind.CONVERTED, "FLOAT8 `'NaN'`, `'Infinity'`, `'-Infinity'`")),
  DECIMAL_OVER_38(
      "Decimal with precision over 38",
      Outcome.of(Kind.PASSED),
      Outcome.of(Kind.CONVERTED, "exact plain text in a STRING column"),
      Outcome.of(
          Kind.CONVERTED, "exact plain text in VARCHAR(p+2) when the sink creates the column")),
  NUMBER_TOO_BIG(
      "Number over the declared or target precision",
      Outcome.of(
          Kind.BAD_RECORD, "NormalizeTypes `variable.scale.decimal.target=decimal` never rounds"),
      Outcome.of(Kind.BAD_RECORD, "a decimal that needs rounding or more digits than declared"),
      Outcome.of(Kind.BAD_RECORD, "over the column's DECIMAL(p,s) or integer range")),
  ZERO_DATE(
      "MySQL zero date `0000-00-00`",
      Outcome.of(Kind.CONVERTED, "Debezium sends null (nullable column) or the epoch (NOT NULL)"),
      Outcome.of(Kind.CONVERTED, "null or 1970-01-01"),
      Outcome.of(Kind.CONVERTED, "NULL or 1970-01-01")),
  NULL_KEY(
      "Null key in upsert mode",
      Outcome.of(Kind.PASSED),
      Outcome.of(Kind.CONVERTED, "keys are not needed"),
      Outcome.of(Kind.BAD_RECORD, "NULL key column, or no Struct key")),
  UNKNOWN_OP(
      "Debezium `op` that is not c, u, d, r, t, m (`x`)",
      Outcome.of(Kind.BAD_RECORD, "CdcUnwrap names the field `op`"),
      Outcome.of(Kind.CONVERTED, "an envelope lands as it is; only `op=d` is a delete"),
      Outcome.of(Kind.BAD_RECORD, "`__op` other than c, u, d, r")),
  TRUNCATE_OP(
      "Debezium truncate (`op=t`)",
      Outcome.of(
          Kind.BAD_RECORD,
          "`truncate.handling=fail` (default) names the table and how to clear its copies (or"
              + " `drop`, `keep`)"),
      Outcome.of(Kind.CONVERTED, "an envelope lands as it is"),
      Outcome.of(Kind.BAD_RECORD, "an envelope has no Struct key")),
  MESSAGE_OP(
      "Debezium logical message (`op=m`)",
      Outcome.of(Kind.PASSED, "`other.handling=keep` (or `drop`, `fail`)"),
      Outcome.of(Kind.CONVERTED, "lands as it is"),
      Outcome.of(Kind.BAD_RECORD, "a message has no Struct key"));

  /** The kinds of outcome, as the README names them. */
  public enum Kind {
    CONVERTED("converted"),
    PASSED("passed unchanged"),
    DROPPED("dropped"),
    BAD_RECORD("bad record"),
    CONVERTER_REJECTS("converter rejects"),
    TASK_FAILS("task fails");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** What one plugin does with one case: the kind and, when it says more, how. */
  public record Outcome(Kind kind, String how) {
    static Outcome of(Kind kind) {
      return new Outcome(kind, "");
    }

    static Outcome of(Kind kind, String how) {
      return new Outcome(kind, how);
    }

    String cell() {
      return "**" + kind.label() + "**" + (how.isEmpty() ? "" : ": " + how);
    }
  }

  public static final String README_HEADING = "## Bad input: what happens";

  private final String input;
  public final Outcome smt;
  public final Outcome s3;
  public final Outcome redshift;

  BadInput(String input, Outcome smt, Outcome s3, Outcome redshift) {
    this.input = input;
    this.smt = smt;
    this.s3 = s3;
    this.redshift = redshift;
  }

  public String input() {
    return input;
  }

  /** The README section: heading, legend and the table, from this list. */
  public static String readmeSection() {
    List<String> lines = new ArrayList<>();
    lines.add(README_HEADING);
    lines.add("");
    lines.add("Every case has a test that asserts the outcome below: `BadInputTest` in `smt`,");
    lines.add(
        "`connector-s3-sink` and `connector-redshift-sink` (every case), `S3SinkIT` and `RedshiftSinkIT`");
    lines.add(
        "(`badInput...`: a mix of bad records through a real worker and the built archives, DLQ headers,");
    lines.add(
        "landed data, and a FAILED task without tolerance), `RedshiftSqlOnStandInIT` (NaN and Infinity");
    lines.add(
        "through both load paths; checked on the stand-in's PostgreSQL, not on real Redshift) and");
    lines.add(
        "`SmtPipelineIT` (zero dates from real Debezium on MariaDB). The table is rendered from the list");
    lines.add(
        "those tests use (`test-kit`'s `io.tidemark.stack.kit.BadInput`); `BadInputTableTest` fails when");
    lines.add("they differ. Outcomes:");
    lines.add("");
    lines.add(
        "- **bad record**: with `errors.tolerance=all` and a dead letter queue, the record goes to the DLQ");
    lines.add(
        "  with the reason in its `__connect.errors.*` headers (naming topic, partition, offset and the");
    lines.add(
        "  field or column) and the rest of the batch is written; with `errors.tolerance=none` the task");
    lines.add(
        "  fails with that message (REST status trace). Nothing else is lost or written twice.");
    lines.add(
        "- **converter rejects**: the worker's JsonConverter fails before any transform or sink sees it;");
    lines.add(
        "  Connect's own error handling applies (DLQ with `__connect.errors.stage=VALUE_CONVERTER`, or");
    lines.add("  the task fails).");
    lines.add(
        "- **converted**: written, as said; **passed unchanged** / **dropped**: by the transforms;");
    lines.add("  **task fails**: whatever `errors.tolerance` says.");
    lines.add("");
    lines.add("| case | SMTs | S3 sink | Redshift sink |");
    lines.add("|---|---|---|---|");
    for (BadInput c : values()) {
      lines.add(
          "| "
              + c.input
              + " | "
              + c.smt.cell()
              + " | "
              + c.s3.cell()
              + " | "
              + c.redshift.cell()
              + " |");
    }
    return String.join("\n", lines) + "\n";
  }
}
