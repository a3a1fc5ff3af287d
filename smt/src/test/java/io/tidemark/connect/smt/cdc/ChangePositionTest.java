package io.tidemark.connect.smt.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChangePositionTest {

  @Test
  void formatIsFixedWidth() {
    assertThat(ChangePosition.binlog(123, 4567, false, 2))
        .isEqualTo("0000000123-0000000000000004567-1-0000000000000000002")
        .hasSize(52);
  }

  @Test
  void lexicographicOrderIsBinlogOrderAcrossFiles() {
    List<String> inOrder =
        List.of(
            ChangePosition.binlog(9, 999_999_999L, false, 5),
            ChangePosition.binlog(10, 4, true, 0),
            ChangePosition.binlog(10, 4, false, 0),
            ChangePosition.binlog(10, 4, false, 1),
            ChangePosition.binlog(10, 120, false, 0),
            ChangePosition.binlog(1_000_000, 4, false, 0));
    List<String> sorted = new ArrayList<>(inOrder);
    sorted.sort(null);
    assertThat(sorted).containsExactlyElementsOf(inOrder);
  }

  @Test
  void withinOneTransactionTheKafkaOffsetOrdersChangesThatShareATransactionsPosition() {
    // Debezium gives each event of a transaction the transaction's pos; row restarts per statement.
    Map<String, Object> first =
        Map.of(
            "op",
            "u",
            "after",
            Map.of(),
            "source",
            Map.of("file", "mysql-bin.000007", "pos", 900L, "row", 1));
    Map<String, Object> second =
        Map.of(
            "op",
            "u",
            "after",
            Map.of(),
            "source",
            Map.of("file", "mysql-bin.000007", "pos", 900L, "row", 0));
    String earlier = ChangePosition.of(first, Operation.UPDATE, 41L);
    String later = ChangePosition.of(second, Operation.UPDATE, 42L);
    String replayOfLater = ChangePosition.of(second, Operation.UPDATE, 44L);

    assertThat(earlier)
        .isLessThan(later)
        .isLessThan(replayOfLater)
        .endsWith("-0000000000000000041");
    assertThat(ChangePosition.of(first, Operation.UPDATE, null))
        .as("without an offset, the row")
        .endsWith("-0000000000000000001");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mysql-bin.000123",
        "binlog.000123",
        "/var/lib/mysql/host-bin.000123",
        "a.b.0000000123"
      })
  void fileSequenceIsTheNumericExtension(String file) {
    assertThat(ChangePosition.fileSequence(file)).isEqualTo(123);
  }

  @Test
  void badFileNameIsReported() {
    assertThatThrownBy(() -> ChangePosition.fileSequence("mysql-bin"))
        .isInstanceOf(DataException.class)
        .hasMessage(
            "field 'source.file': cannot read a binlog sequence number from 'mysql-bin', expected a name like mysql-bin.000123");
  }

  @Test
  void gtidIsUsedOnlyWithoutFile() {
    Map<String, Object> env =
        Map.of(
            "op",
            "c",
            "after",
            Map.of(),
            "source",
            Map.of("gtid", "3e11fa47-71ca-11e1-9e33-c80aa9429562:23", "row", 1));
    assertThat(ChangePosition.of(env, Operation.CREATE, null))
        .isEqualTo(
            "g:3e11fa47-71ca-11e1-9e33-c80aa9429562:0000000000000000023-1-0000000000000000001");
    Map<String, Object> both =
        Map.of(
            "op",
            "c",
            "after",
            Map.of(),
            "source",
            Map.of(
                "gtid",
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:23",
                "file",
                "mysql-bin.000002",
                "pos",
                10L,
                "row",
                0));
    assertThat(ChangePosition.of(both, Operation.CREATE, null)).startsWith("0000000002-");
  }

  @Test
  void gtidTransactionNumbersSortNumerically() {
    String a = ChangePosition.gtid("u:9", false, 0);
    String b = ChangePosition.gtid("u:10", false, 0);
    assertThat(a).isLessThan(b);
  }

  @Test
  void gtidSetIsRejected() {
    assertThatThrownBy(() -> ChangePosition.gtid("u:1-5,v:3", false, 0))
        .hasMessageContaining("field 'source.gtid': 'u:1-5,v:3' is not a single GTID");
  }

  @Test
  void noSourcePositionGivesNull() {
    assertThat(ChangePosition.of(Map.of("op", "c", "source", Map.of()), Operation.CREATE, null))
        .isNull();
    assertThat(ChangePosition.of(Map.of("op", "c"), Operation.CREATE, null)).isNull();
  }

  @Test
  void wrongTypedPosIsReported() {
    Map<String, Object> env = Map.of("source", Map.of("file", "mysql-bin.000001", "pos", "154"));
    assertThatThrownBy(() -> ChangePosition.of(env, Operation.UPDATE, null))
        .hasMessage("field 'source.pos': expected a number but found String");
  }

  @Test
  void overflowIsReported() {
    assertThatThrownBy(() -> ChangePosition.binlog(99_999_999_999L, 1, false, 0))
        .hasMessage("change position: file sequence does not fit in 10 digits");
  }
}
