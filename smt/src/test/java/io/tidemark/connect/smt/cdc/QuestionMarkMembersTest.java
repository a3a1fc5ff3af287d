package io.tidemark.connect.smt.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.smt.types.DebeziumTypes;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class QuestionMarkMembersTest {

  private static Schema member(String logical, String allowed) {
    return SchemaBuilder.string().optional().name(logical).parameter("allowed", allowed).build();
  }

  @Test
  void enumAndSetMembersWithAQuestionMarkAreNamedWithTheRemedy() {
    Schema row =
        SchemaBuilder.struct()
            .name("db.t.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("mood", member(DebeziumTypes.ENUM, "a,?"))
            .field("tags", member(DebeziumTypes.ENUM_SET, "x,y?"))
            .field("fine", member(DebeziumTypes.ENUM, "a,b c,\u00e9"))
            .field("plain", SchemaBuilder.string().optional().parameter("allowed", "?").build())
            .build();

    assertThat(QuestionMarkMembers.in(row))
        .containsExactly("field 'mood' (ENUM members 'a,?')", "field 'tags' (SET members 'x,y?')");
    assertThat(QuestionMarkMembers.warning("db.t.Value", row))
        .startsWith("db.t.Value: field 'mood'")
        .contains("SHOW CREATE TABLE", "ALTER TABLE ... MODIFY");
  }

  @Test
  void rowsWithoutSuchMembersGiveNoWarning() {
    Schema row =
        SchemaBuilder.struct()
            .field("e", member(DebeziumTypes.ENUM, "small,medium,large"))
            .field("s", SchemaBuilder.string().build())
            .build();
    assertThat(QuestionMarkMembers.in(row)).isEmpty();
    assertThat(QuestionMarkMembers.warning("t", row)).isNull();
    assertThat(QuestionMarkMembers.in(Schema.STRING_SCHEMA)).isEmpty();
  }
}
