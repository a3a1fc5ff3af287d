package io.tidemark.common.identifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IdentifierMapperTest {

  @Test
  void renamesInInputOrder() {
    IdentifierMapper m = new IdentifierMapper(AthenaIdentifiers.defaults(), CollisionHandling.FAIL);
    assertThat(m.renameAll(List.of("Id", "First Name")))
        .containsExactly(Map.entry("Id", "id"), Map.entry("First Name", "first_name"));
  }

  @Test
  void failsOnCollisionNamingAllSources() {
    IdentifierMapper m = new IdentifierMapper(AthenaIdentifiers.defaults(), CollisionHandling.FAIL);
    assertThatThrownBy(() -> m.renameAll(List.of("userId", "UserID", "user-id", "other")))
        .isInstanceOf(IdentifierCollisionException.class)
        .hasMessage("names collide after normalizing for athena: 'userId', 'UserID' -> 'userid'")
        .satisfies(
            e ->
                assertThat(((IdentifierCollisionException) e).collisions())
                    .containsOnlyKeys("userid"));
  }

  @Test
  void numbersCollisionsDeterministically() {
    IdentifierMapper m =
        new IdentifierMapper(AthenaIdentifiers.defaults(), CollisionHandling.NUMBER);
    assertThat(m.renameAll(List.of("a b", "a-b", "a_b_2", "a.b")))
        .containsExactly(
            Map.entry("a b", "a_b"),
            Map.entry("a-b", "a_b_3"),
            Map.entry("a_b_2", "a_b_2"),
            Map.entry("a.b", "a_b_4"));
  }

  @Test
  void numberedNamesRespectMaxLength() {
    IdentifierMapper m =
        new IdentifierMapper(AthenaIdentifiers.defaults(), CollisionHandling.NUMBER);
    String a = "x".repeat(300);
    String b = "X".repeat(300);
    Map<String, String> r = m.renameAll(List.of(a, b));
    assertThat(r.get(a)).hasSize(255);
    assertThat(r.get(b)).hasSize(255).endsWith("_2").isNotEqualTo(r.get(a));
  }

  @Test
  void customPattern() {
    PatternIdentifiers rules =
        new PatternIdentifiers(Pattern.compile("[^A-Za-z0-9]"), "", 10, false);
    assertThat(rules.normalize("Hello, World!")).isEqualTo("HelloWorld");
    assertThat(rules.normalize("!!!")).isEqualTo("_");
    assertThat(rules.problem("a b"))
        .hasValueSatisfying(p -> assertThat(p).contains("[^A-Za-z0-9]"));
    assertThatThrownBy(() -> new PatternIdentifiers(Pattern.compile("_"), "_", 5, true))
        .hasMessageContaining("replacement '_' itself matches");
  }

  @Test
  void utf8Lengths() {
    assertThat(Utf8.byteLength("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
    assertThat(Utf8.truncateToBytes("a😀", 4)).isEqualTo("a");
    assertThat(Utf8.truncateToBytes("a😀", 5)).isEqualTo("a😀");
  }
}
