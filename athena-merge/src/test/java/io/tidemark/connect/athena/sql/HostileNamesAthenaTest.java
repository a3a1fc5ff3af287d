package io.tidemark.connect.athena.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.common.identifiers.AthenaIdentifiers;
import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.stack.kit.HostileNames;
import io.tidemark.stack.redshift.SqlToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link HostileNames} case through the Athena MERGE companion: the config accepts exactly
 * the documented names (a rejection names the key), the normalised name of a rejected one is the
 * documented one and accepted, and each generated statement (Trino DDL, the shared MERGE, Athena's
 * backtick DDL) keeps the name inside one quoted identifier.
 */
class HostileNamesAthenaTest {

  private static final String KEY = "table.t.columns";

  static Stream<HostileNames.Case> cases() {
    return HostileNames.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void configAcceptsExactlyTheDocumentedNames(HostileNames.Case c) {
    if (c.athenaAccepts()) {
      assertThat(Identifier.of(c.name(), KEY).name()).isEqualTo(c.name());
    } else {
      assertThatThrownBy(() -> Identifier.of(c.name(), KEY))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(KEY + ": ");
    }
    // What NormalizeIdentifiers (target=athena) lands instead, and the config then accepts.
    String normalized = AthenaIdentifiers.defaults().normalize(c.name());
    assertThat(normalized).isEqualTo(c.athenaNormalized());
    assertThat(Identifier.isValid(normalized)).isTrue();
  }

  /**
   * The one quoting place, on the raw name: a double-quoted and a backticked identifier of exactly
   * the name.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void quotingTheRawNameNeverBreaksOut(HostileNames.Case c) {
    List<SqlToken> tokens = SqlToken.tokenize(Quoting.DOUBLE_QUOTES.quote(c.name()));
    assertThat(tokens).hasSize(1);
    assertThat(tokens.get(0).kind()).isEqualTo(SqlToken.Kind.QUOTED_IDENTIFIER);
    assertThat(tokens.get(0).identifier()).isEqualTo(c.name());
    assertThat(backtickIdentifiers(Quoting.BACKTICKS.quote(c.name()))).containsExactly(c.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyGeneratedStatementKeepsTheNameInsideOneIdentifier(HostileNames.Case c) {
    String name = c.athenaName();
    TableMapping trino =
        Fixtures.hostile(
            "t",
            "topic",
            "hive",
            "iceberg",
            java.util.Optional.empty(),
            "lake",
            name,
            List.of("val"));
    TableMapping athena =
        Fixtures.hostile(
            "t",
            "topic",
            "awsdatacatalog",
            "awsdatacatalog",
            java.util.Optional.of("s3://lake/warehouse/t/"),
            "lake",
            name,
            List.of("val"));
    MergeScope scope =
        MergeScope.of(
            List.of("s3://lake/raw/topic/partition=0/a.jsonl"),
            Map.of(Fixtures.id("partition"), List.of("0")));
    List<Column> added = List.of(trino.column(Identifier.of(name, KEY)));

    List<String> doubleQuoted = new ArrayList<>();
    TrinoDdl trinoDdl = new TrinoDdl("7d");
    doubleQuoted.add(trinoDdl.createLanding(trino));
    doubleQuoted.add(trinoDdl.createTarget(trino));
    doubleQuoted.addAll(trinoDdl.addLandingColumns(trino, added));
    doubleQuoted.addAll(trinoDdl.addTargetColumns(trino, added));
    doubleQuoted.add(MergeSql.merge(trino, scope));
    doubleQuoted.add(MergeSql.merge(athena, scope));
    doubleQuoted.add(MergeSql.fullRescan(trino));
    for (String sql : doubleQuoted) {
      List<SqlToken> tokens = SqlToken.tokenize(sql);
      assertThat(tokens)
          .as(sql)
          .noneMatch(t -> t.kind() == SqlToken.Kind.COMMENT || t.isSymbol(";"));
      assertThat(tokens)
          .as(sql)
          .anyMatch(
              t -> t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER && t.identifier().equals(name));
      assertThat(tokens)
          .as("no bare word is the name in " + sql)
          .noneMatch(
              t ->
                  t.kind() == SqlToken.Kind.WORD
                      && t.text().equals(name)
                      && AthenaIdentifiers.defaults().needsQuoting(name));
    }

    AthenaDdl athenaDdl = new AthenaDdl();
    List<String> backticked =
        new ArrayList<>(List.of(athenaDdl.createLanding(athena), athenaDdl.createTarget(athena)));
    backticked.addAll(athenaDdl.addLandingColumns(athena, added));
    backticked.addAll(athenaDdl.addTargetColumns(athena, added));
    for (String sql : backticked) {
      assertThat(backtickIdentifiers(sql)).as(sql).contains(name);
    }
  }

  /**
   * The backticked identifiers of Athena DDL ({@code ``} inside is one backtick), failing when a
   * semicolon or a comment is found outside identifiers and string literals.
   */
  static List<String> backtickIdentifiers(String sql) {
    List<String> names = new ArrayList<>();
    int i = 0;
    while (i < sql.length()) {
      char ch = sql.charAt(i);
      if (ch == '`' || ch == '\'') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (true) {
          assertThat(j).as("unterminated quote in " + sql).isLessThan(sql.length());
          if (sql.charAt(j) == ch) {
            if (j + 1 < sql.length() && sql.charAt(j + 1) == ch) {
              text.append(ch);
              j += 2;
              continue;
            }
            break;
          }
          text.append(sql.charAt(j++));
        }
        if (ch == '`') {
          names.add(text.toString());
        }
        i = j + 1;
      } else {
        assertThat(ch).as("outside identifiers in " + sql).isNotEqualTo(';');
        assertThat(sql.startsWith("--", i) || sql.startsWith("/*", i))
            .as("comment in " + sql)
            .isFalse();
        i++;
      }
    }
    return names;
  }
}
