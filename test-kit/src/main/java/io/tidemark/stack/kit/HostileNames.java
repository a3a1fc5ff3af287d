package io.tidemark.stack.kit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hostile names every engine is tested against, each with the outcome the project documents:
 * the Redshift name it lands as (columns and tables from topics go through the same rule), whether
 * the Athena MERGE companion accepts it as configured (and if not, what {@code
 * NormalizeIdentifiers} with {@code target=athena} makes of it upstream), and the folder it names
 * in an S3 object key (field partitioning, {@code <name>=<value>/}). Also the hostile partition
 * values.
 *
 * <p>One list for the unit tests of each module, the real-engine ITs and the README table ("Hostile
 * names: what happens" in the root README, checked by {@code HostileNamesReadmeTest}): change an
 * outcome here, and the tests and the README must follow.
 */
public final class HostileNames {

  /**
   * What a plugin does with a name: uses it as {@code name}, or rejects it (why: a fragment of the
   * message).
   */
  public record Outcome(Optional<String> name, String rejection) {
    static Outcome as(String name) {
      return new Outcome(Optional.of(name), "");
    }

    static Outcome rejected(String why) {
      return new Outcome(Optional.empty(), why);
    }
  }

  /**
   * One hostile name.
   *
   * @param id a short stable name for tests
   * @param label how the README shows the case (markdown)
   * @param name the name itself
   * @param redshift what the Redshift sink makes of it as a column (from a field)
   * @param redshiftTable what the Redshift sink makes of it as a table (from a topic, the default
   *     {@code redshift.table.name.format=${topic}}); the same rule as columns, but other names are
   *     reserved
   * @param athenaAccepts whether Athena/Trino config accepts it as a column/table name as is
   * @param athenaNormalized what {@code NormalizeIdentifiers} with {@code target=athena} makes of
   *     it
   * @param s3Folder the folder name when it is a field-partitioning field ({@code
   *     <folder>=<value>}), or why {@code partitioner.field.names} cannot name it
   * @param mysqlColumn whether MySQL/MariaDB can have a column of that name (at most 64 characters,
   *     no trailing space, no NUL, no character outside the BMP, not empty)
   */
  public record Case(
      String id,
      String label,
      String name,
      Outcome redshift,
      Outcome redshiftTable,
      boolean athenaAccepts,
      String athenaNormalized,
      Outcome s3Folder,
      boolean mysqlColumn) {

    /**
     * Whether Kafka accepts the name as a topic name, i.e. whether it can also reach a sink as a
     * topic.
     */
    public boolean kafkaTopic() {
      return KAFKA_TOPIC.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /**
     * The Athena column name after the documented path: as is when accepted, else normalized
     * upstream.
     */
    public String athenaName() {
      return athenaAccepts ? name : athenaNormalized;
    }
  }

  /** A hostile value of a field-partitioning field and the folder value it gives. */
  public record Value(String id, String label, String value, String folderValue) {}

  private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private static final String C127 = "c".repeat(127);
  private static final String D128 = "d".repeat(128);
  private static final String E200 = "e".repeat(200);
  private static final String U200 = "ü".repeat(100);

  private static final List<Case> CASES =
      List.of(
          c("double-quote", "`a\"b`", "a\"b", "a_b", false, "a_b", "a%22b", true),
          c("doubled-quote", "`a\"\"b`", "a\"\"b", "a__b", false, "a__b", "a%22%22b", true),
          c("backtick", "``a`b``", "a`b", "a_b", false, "a_b", "a`b", true),
          c("single-quote", "`a'b`", "a'b", "a_b", false, "a_b", "a%27b", true),
          c("semicolon", "`a;b`", "a;b", "a_b", false, "a_b", "a;b", true),
          c(
              "injection",
              "`x; DROP TABLE t; --`",
              "x; DROP TABLE t; --",
              "x__drop_table_t____",
              false,
              "x__drop_table_t____",
              "x; DROP TABLE t; --",
              true),
          c("space", "`a b`", "a b", "a_b", false, "a_b", "a b", true),
          c(
              "outer-spaces",
              "`␠a␠` (leading and trailing space)",
              " a ",
              "_a_",
              false,
              "_a_",
              "!cannot be named: the list trims its items",
              false),
          c("umlaut", "`ümlaut`", "ümlaut", "ümlaut", false, "_mlaut", "ümlaut", true),
          c("cjk", "`名前`", "名前", "名前", false, "__", "名前", true),
          c("emoji", "`emoji😀`", "emoji😀", "emoji_", false, "emoji_", "emoji😀", false),
          c("select", "`select`", "select", "select", true, "select", "select", true),
          c("order", "`order`", "order", "order", true, "order", "order", true),
          c("group", "`group`", "group", "group", true, "group", "group", true),
          c("user", "`user`", "user", "user", true, "user", "user", true),
          c("default", "`default`", "default", "default", true, "default", "default", true),
          c(
              "camel-case",
              "`CamelCase`",
              "CamelCase",
              "camelcase",
              false,
              "camelcase",
              "CamelCase",
              true),
          c("leading-digit", "`1abc`", "1abc", "_1abc", true, "1abc", "1abc", true),
          c("system-column", "`oid`", "oid", "oid_", true, "oid", "oid", true),
          c("127-bytes", "127 × `c` (127 bytes)", C127, C127, true, C127, C127, false),
          c("128-bytes", "128 × `d` (128 bytes)", D128, "d".repeat(127), true, D128, D128, false),
          c("200-bytes", "200 × `e` (200 bytes)", E200, "e".repeat(127), true, E200, E200, false),
          c(
              "200-bytes-utf8",
              "100 × `ü` (200 bytes of UTF-8)",
              U200,
              "ü".repeat(63),
              false,
              "_".repeat(100),
              U200,
              false),
          new Case(
              "empty",
              "empty",
              "",
              Outcome.rejected("cannot occur: Connect rejects an empty field name"),
              Outcome.rejected("cannot occur: Kafka rejects an empty topic name"),
              false,
              "_",
              Outcome.rejected("config rejected: an empty field name"),
              false),
          c("dot", "`a.b`", "a.b", "a_b", false, "a_b", "a_b", true),
          c("slash", "`a/b`", "a/b", "a_b", false, "a_b", "a%2Fb", true),
          c("nul", "`a`NUL`b`", "a\u0000b", "a_b", false, "a_b", "a%00b", false),
          c("control", "`a`TAB`b`LF`c`", "a\tb\nc", "a_b_c", false, "a_b_c", "a%09b%0Ac", true),
          new Case(
              "stage-column",
              "`__tm_op` (a stage column of the Redshift sink)",
              "__tm_op",
              Outcome.rejected("reserved for the sink's stage table"),
              Outcome.as("__tm_op"),
              true,
              "__tm_op",
              Outcome.as("__tm_op"),
              true),
          new Case(
              "offsets-table",
              "`tidemark_offsets` (the Redshift sink's offsets table)",
              "tidemark_offsets",
              Outcome.as("tidemark_offsets"),
              Outcome.rejected("is the sink's offsets table"),
              true,
              "tidemark_offsets",
              Outcome.as("tidemark_offsets"),
              true));

  private static final List<Value> VALUES =
      List.of(
          new Value("value-slash", "partition value `/`", "/", "%2F"),
          new Value("value-dotdot", "partition value `..`", "..", ".."),
          new Value("value-traversal", "partition value `../../x`", "../../x", "..%2F..%2Fx"),
          new Value("value-equals", "partition value `a=b`", "a=b", "a%3Db"),
          new Value("value-empty", "partition value empty", "", "__HIVE_DEFAULT_PARTITION__"),
          new Value("value-null", "partition value null", null, "__HIVE_DEFAULT_PARTITION__"));

  private HostileNames() {}

  /** {@code s3Folder} starting with {@code !} is a rejection. */
  private static Case c(
      String id,
      String label,
      String name,
      String redshift,
      boolean athenaAccepts,
      String athenaNormalized,
      String s3Folder,
      boolean mysqlColumn) {
    Outcome folder =
        s3Folder.startsWith("!") ? Outcome.rejected(s3Folder.substring(1)) : Outcome.as(s3Folder);
    return new Case(
        id,
        label,
        name,
        Outcome.as(redshift),
        Outcome.as(redshift),
        athenaAccepts,
        athenaNormalized,
        folder,
        mysqlColumn);
  }

  public static List<Case> cases() {
    return CASES;
  }

  public static List<Value> values() {
    return VALUES;
  }

  public static Case byId(String id) {
    return CASES.stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no hostile name " + id));
  }

  /** The heading of the README section the table lives in. */
  public static final String README_HEADING = "## Hostile names: what happens";

  /** The markdown table of every case and value, as the README must show it. */
  public static String markdownTable() {
    List<String> lines = new ArrayList<>();
    lines.add("| name case | Redshift | Athena/Trino | S3 keys |");
    lines.add("|---|---|---|---|");
    for (Case c : CASES) {
      String redshift = redshiftCell(c, c.redshift());
      if (!c.redshiftTable().equals(c.redshift())) {
        redshift =
            "as a column: "
                + redshift
                + "; as a table (topic): "
                + redshiftCell(c, c.redshiftTable());
      }
      String athena =
          c.athenaAccepts()
              ? "accepted: " + code(c.name()) + ", quoted"
              : "rejected; normalised upstream: " + code(c.athenaNormalized());
      String s3 =
          c.s3Folder().name().map(f -> "folder " + code(f) + "=…").orElse(c.s3Folder().rejection())
              + (c.kafkaTopic() ? "; as a topic: prefix " + code(c.name()) + "/ unchanged" : "");
      lines.add("| " + c.label() + " | " + redshift + " | " + athena + " | " + s3 + " |");
    }
    for (Value v : VALUES) {
      lines.add(
          "| "
              + v.label()
              + " | a value, not a name | a value, not a name | folder `f=`"
              + code(v.folderValue())
              + " |");
    }
    return String.join("\n", lines) + "\n";
  }

  private static String redshiftCell(Case c, Outcome outcome) {
    return outcome
        .name()
        .map(n -> n.equals(c.name()) ? "kept: " + code(n) + ", quoted" : "renamed to " + code(n))
        .orElse(
            outcome.rejection().startsWith("cannot occur")
                ? outcome.rejection()
                : "record rejected: " + outcome.rejection());
  }

  /**
   * A markdown code span of {@code s}; names over 32 bytes are shortened to their first 6
   * characters and their byte length, so the table stays readable.
   */
  static String code(String s) {
    int bytes = s.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > 32) {
      return code(s.substring(0, s.offsetByCodePoints(0, 6))) + "… (" + bytes + " bytes)";
    }
    if (s.isEmpty()) {
      return "(empty)";
    }
    String fence = "`";
    while (s.contains(fence)) {
      fence += "`";
    }
    boolean pad = s.startsWith("`") || s.endsWith("`") || s.startsWith(" ") || s.endsWith(" ");
    String body = s.replace("|", "\\|");
    return fence + (pad ? " " + body + " " : body) + fence;
  }
}
