package io.tidemark.connect.athena.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OffsetLedgerTest {

  @Test
  void commitsOnlyPastAContiguousPrefixOfDoneOffsets() {
    OffsetLedger<String> ledger = new OffsetLedger<>();
    for (long o = 10; o <= 14; o++) {
      ledger.received("p0", o);
    }
    assertThat(ledger.committable()).isEqualTo(Map.of("p0", 10L));
    ledger.done("p0", 11);
    ledger.done("p0", 12);
    assertThat(ledger.committable()).isEqualTo(Map.of("p0", 10L));
    ledger.done("p0", 10);
    assertThat(ledger.committable()).isEqualTo(Map.of("p0", 13L));
    ledger.done("p0", 14);
    ledger.done("p0", 13);
    assertThat(ledger.committable()).isEqualTo(Map.of("p0", 15L));
    assertThat(ledger.pendingCount()).isZero();
  }

  @Test
  void partitionsAreIndependentAndForgettable() {
    OffsetLedger<String> ledger = new OffsetLedger<>();
    ledger.received("a", 0);
    ledger.received("b", 7);
    ledger.done("b", 7);
    assertThat(ledger.committable()).isEqualTo(Map.of("a", 0L, "b", 8L));
    ledger.forget("a");
    ledger.done("a", 0); // a late completion of a forgotten partition changes nothing
    assertThat(ledger.committable()).isEqualTo(Map.of("b", 8L));
  }
}
