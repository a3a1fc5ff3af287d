package io.tidemark.stack.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class StatementEngineTest {

  @Test
  void aSerializationFailureReadsAsRedshiftsError1023() {
    SQLException e =
        new SQLException("ERROR: could not serialize access due to concurrent update", "40001");
    assertThat(StatementEngine.errorText(e))
        .startsWith("ERROR: 1023 DETAIL: Serializable isolation violation on table - ")
        .contains("could not serialize access due to concurrent update");
  }

  @Test
  void otherErrorsKeepPostgresText() {
    assertThat(
            StatementEngine.errorText(
                new SQLException("ERROR: relation \"x\" does not exist\n  Position: 15", "42P01")))
        .isEqualTo("ERROR: relation \"x\" does not exist");
  }

  @Test
  void snapshotIsTheDefault() {
    assertThat(new RedshiftDataApiComponent(0).isolation()).isEqualTo(RedshiftIsolation.SNAPSHOT);
  }
}
