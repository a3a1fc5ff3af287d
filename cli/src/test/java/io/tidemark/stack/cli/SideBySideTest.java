package io.tidemark.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SideBySideTest {
  private static final Map<String, List<String>> MYSQL = mysql();

  private static Map<String, List<String>> mysql() {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    tables.put("users", List.of("1|2026-11-21", "2|2026-11-19"));
    tables.put("transactions", List.of("1|1|11.99|2026-11-21"));
    tables.put("user_transactions", List.of("2026-11-21|1|11.99|2026-11-21"));
    return tables;
  }

  @Test
  void equalCopiesAgreeAndStagesWithoutATableShowADash() {
    Map<String, Map<String, List<String>>> copies = new LinkedHashMap<>();
    copies.put("Iceberg", MYSQL);
    copies.put(
        "Redshift", Map.of("users", MYSQL.get("users"), "transactions", MYSQL.get("transactions")));
    SideBySide table = new SideBySide(MYSQL, copies);

    assertThat(table.agrees()).isTrue();
    assertThat(table.render())
        .isEqualTo(
            """
          table              MySQL   Iceberg        Redshift
          users              2 rows  2 rows, equal  2 rows, equal
          transactions       1 row   1 row, equal   1 row, equal
          user_transactions  1 row   1 row, equal   -
        """);
  }

  @Test
  void aDifferentAggregateRowFailsAndNamesTheRowOnEachSide() {
    Map<String, List<String>> iceberg = new LinkedHashMap<>(MYSQL);
    iceberg.put("user_transactions", List.of("2026-11-21|1|10.99|2026-11-21"));
    SideBySide table = new SideBySide(MYSQL, Map.of("Iceberg", iceberg));

    assertThat(table.agrees()).isFalse();
    assertThat(table.render())
        .contains("user_transactions  1 row   1 row, DIFFERENT")
        .contains(
            "Iceberg user_transactions differs from MySQL:\n"
                + "    only in MySQL:  2026-11-21|1|11.99|2026-11-21\n"
                + "    only in Iceberg: 2026-11-21|1|10.99|2026-11-21\n");
  }

  @Test
  void aMissingRowOrAnotherOrderIsADifference() {
    Map<String, List<String>> missing = new LinkedHashMap<>(MYSQL);
    missing.put("users", List.of("1|2026-11-21"));
    assertThat(new SideBySide(MYSQL, Map.of("Iceberg", missing)).agrees()).isFalse();

    Map<String, List<String>> reordered = new LinkedHashMap<>(MYSQL);
    reordered.put("users", List.of("2|2026-11-19", "1|2026-11-21"));
    SideBySide table = new SideBySide(MYSQL, Map.of("Iceberg", reordered));
    assertThat(table.agrees()).isFalse();
    assertThat(table.render()).contains("(same rows in another order)");
  }

  @Test
  void withoutAnyCopyThereIsNothingToAgreeOn() {
    assertThat(new SideBySide(MYSQL, Map.of()).agrees()).isFalse();
  }
}
