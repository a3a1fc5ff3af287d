package io.tidemark.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.e2e.chaos.ChangeGenerator.Change;
import io.tidemark.e2e.chaos.ChangeGenerator.Kind;
import io.tidemark.e2e.chaos.ChangeGenerator.Mix;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChangeGeneratorTest {
  private static final Pattern INSERT =
      Pattern.compile("INSERT INTO chaos\\.(users|transactions) \\((\\w+),.*VALUES \\((\\d+),.*");
  private static final Pattern BY_KEY =
      Pattern.compile("(?:UPDATE|DELETE FROM) chaos\\.(users|transactions) .*WHERE \\w+ = (\\d+)");
  private static final Pattern KEY_CHANGE =
      Pattern.compile(
          "UPDATE chaos\\.(users|transactions) SET (?:id|transaction_id) = (\\d+) WHERE \\w+ = (\\d+)");

  @Test
  void theSameSeedGivesTheSameChangesAndAnotherSeedOthers() {
    assertThat(draw(7, 300)).isEqualTo(draw(7, 300)).isNotEqualTo(draw(8, 300));
  }

  /**
   * Replays the statements on a model of the keys: every update, delete and key change hits a live
   * row, no insert reuses a key.
   */
  @Test
  void everyStatementIsValidAgainstTheRowsTheEarlierOnesLeft() {
    ChangeGenerator generator = new ChangeGenerator(42, Mix.standard(), "chaos");
    Map<String, Set<Long>> live = Map.of("users", new HashSet<>(), "transactions", new HashSet<>());
    Set<Long> bad = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      Change change =
          i == 1000
              ? generator.addColumn()
              : i == 2000 ? generator.widenVarchar() : generator.next();
      for (String sql : change.statements()) {
        Matcher insert = INSERT.matcher(sql);
        Matcher keyChange = KEY_CHANGE.matcher(sql);
        Matcher byKey = BY_KEY.matcher(sql);
        if (insert.matches()) {
          long key = Long.parseLong(insert.group(3));
          if (change.kind() == Kind.BAD_ROW) {
            assertThat(key).isGreaterThan(ChangeGenerator.BAD_ID_BASE);
            bad.add(key);
          } else {
            assertThat(live.get(insert.group(1)).add(key))
                .as("insert of a new key: %s", sql)
                .isTrue();
          }
        } else if (keyChange.matches()) {
          Set<Long> keys = live.get(keyChange.group(1));
          assertThat(keys.remove(Long.parseLong(keyChange.group(3)))).as(sql).isTrue();
          assertThat(keys.add(Long.parseLong(keyChange.group(2)))).as(sql).isTrue();
        } else if (byKey.find()) {
          Set<Long> keys = live.get(byKey.group(1));
          long key = Long.parseLong(byKey.group(2));
          assertThat(keys).as("a live row for %s", sql).contains(key);
          if (sql.startsWith("DELETE")) {
            keys.remove(key);
          }
        } else {
          assertThat(sql).as("schema change").startsWith("ALTER TABLE chaos.users ");
        }
        assertThat(bad)
            .as("rows made bad are never touched again")
            .noneMatch(k -> sql.contains("= " + k));
      }
    }
    assertThat(bad).containsExactlyInAnyOrderElementsOf(generator.badIds()).isNotEmpty();
  }

  @Test
  void theMixDecidesHowOftenEachKindComes() {
    Map<Kind, Integer> seen = new EnumMap<>(Kind.class);
    ChangeGenerator generator = new ChangeGenerator(3, Mix.standard(), "chaos");
    IntStream.range(0, 20_000).forEach(i -> seen.merge(generator.next().kind(), 1, Integer::sum));
    Map<Kind, Integer> weights = Mix.standard().weights();
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    // Kinds drawn on an empty table become inserts; after the first few changes the mix holds.
    weights.forEach(
        (kind, weight) ->
            assertThat(seen.getOrDefault(kind, 0) / 20_000.0)
                .as(kind.name())
                .isCloseTo(weight / (double) total, org.assertj.core.data.Offset.offset(0.015)));
    assertThat(seen).doesNotContainKeys(Kind.ADD_COLUMN, Kind.WIDEN_VARCHAR);
  }

  @Test
  void schemaChangesAddColumnsThatLaterUpdatesSetAndWidenTheNames() {
    ChangeGenerator generator = new ChangeGenerator(5, Mix.standard(), "chaos");
    assertThat(generator.addColumn().statements())
        .containsExactly("ALTER TABLE chaos.users ADD COLUMN extra_1 BIGINT");
    assertThat(generator.widenVarchar().statements())
        .containsExactly("ALTER TABLE chaos.users MODIFY name VARCHAR(80)");
    assertThat(generator.nameLength()).isEqualTo(80);
    List<String> all = new ArrayList<>();
    IntStream.range(0, 2000).forEach(i -> all.addAll(generator.next().statements()));
    assertThat(all).anyMatch(s -> s.contains("extra_1 = "));
    Pattern name = Pattern.compile("name = '([^']*(?:''[^']*)*)'");
    int longest =
        all.stream()
            .map(name::matcher)
            .filter(Matcher::find)
            .mapToInt(m -> m.group(1).replace("''", "'").length())
            .max()
            .orElse(0);
    assertThat(longest).isGreaterThan(ChangeGenerator.INITIAL_NAME_LENGTH).isLessThanOrEqualTo(80);
  }

  @Test
  void everyDateFallsInTheConfiguredDays() {
    ChangeGenerator generator = new ChangeGenerator(9, Mix.standard(), "chaos", 60);
    Pattern date = Pattern.compile("DATE '([0-9-]+)'");
    List<java.time.LocalDate> dates = new ArrayList<>();
    IntStream.range(0, 3000)
        .forEach(
            i ->
                generator
                    .next()
                    .statements()
                    .forEach(
                        sql -> {
                          Matcher m = date.matcher(sql);
                          while (m.find()) {
                            dates.add(java.time.LocalDate.parse(m.group(1)));
                          }
                        }));
    assertThat(dates)
        .isNotEmpty()
        .allSatisfy(
            d ->
                assertThat(d)
                    .isBetween(ChangeGenerator.FIRST_DAY, ChangeGenerator.FIRST_DAY.plusDays(59)));
    assertThat(dates.stream().distinct().count()).isEqualTo(60);
    assertThatThrownBy(() -> new ChangeGenerator(1, Mix.standard(), "chaos", 0))
        .hasMessageContaining("days must be at least 1");
  }

  @Test
  void aMixWithoutWeightOrWithSchemaChangesIsRefused() {
    assertThatThrownBy(() -> new Mix(Map.of(Kind.INSERT, 0)))
        .hasMessageContaining("positive weight");
    assertThatThrownBy(() -> new Mix(Map.of(Kind.ADD_COLUMN, 1))).hasMessageContaining("schedule");
  }

  private static List<List<String>> draw(long seed, int n) {
    ChangeGenerator generator = new ChangeGenerator(seed, Mix.standard(), "chaos");
    return IntStream.range(0, n).mapToObj(i -> generator.next().statements()).toList();
  }
}
