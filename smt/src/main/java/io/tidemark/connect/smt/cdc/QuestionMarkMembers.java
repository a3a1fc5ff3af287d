package io.tidemark.connect.smt.cdc;

import static io.tidemark.connect.smt.types.DebeziumTypes.ENUM;
import static io.tidemark.connect.smt.types.DebeziumTypes.ENUM_SET;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

/**
 * ENUM and SET columns whose members, as Debezium knows them, contain a {@code ?}. MariaDB's {@code
 * SHOW CREATE TABLE} (and {@code information_schema.COLUMNS}) print a member's 4-byte UTF-8
 * character (an emoji, a supplementary CJK character) as {@code ?}, and Debezium's snapshot takes
 * the members from there; values of such a member, sent by the binlog as the member's index, then
 * arrive as {@code ?} for every change streamed later. Nothing downstream can tell a real {@code ?}
 * from a lost character, so the row is not changed: the operator is told, once per schema.
 */
public final class QuestionMarkMembers {
  static final String ALLOWED = "allowed";

  private QuestionMarkMembers() {}

  /** One line per ENUM/SET field of {@code row} with a member containing {@code ?}. */
  public static List<String> in(Schema row) {
    List<String> found = new ArrayList<>();
    if (row == null || row.type() != Schema.Type.STRUCT) {
      return found;
    }
    for (Field field : row.fields()) {
      Schema s = field.schema();
      String allowed = s.parameters() == null ? null : s.parameters().get(ALLOWED);
      if ((ENUM.equals(s.name()) || ENUM_SET.equals(s.name()))
          && allowed != null
          && allowed.indexOf('?') >= 0) {
        found.add(
            "field '"
                + field.name()
                + "' ("
                + (ENUM.equals(s.name()) ? "ENUM" : "SET")
                + " members '"
                + allowed
                + "')");
      }
    }
    return found;
  }

  /** The warning for {@code row} (named by {@code table}), or null when it has no such member. */
  public static String warning(String table, Schema row) {
    List<String> fields = in(row);
    if (fields.isEmpty()) {
      return null;
    }
    return table
        + ": "
        + String.join(", ", fields)
        + " has a member containing '?'. If the MySQL/MariaDB member holds a 4-byte UTF-8"
        + " character (e.g. an emoji), MariaDB's SHOW CREATE TABLE printed it as '?' when"
        + " Debezium's snapshot read the table, and every streamed value of that member arrives as"
        + " '?'. To make later changes exact, restate the column once while Debezium streams"
        + " (ALTER TABLE ... MODIFY <column> ENUM(...)/SET(...) with the same members): Debezium"
        + " then reads the members from the binlog, where they are intact.";
  }
}
