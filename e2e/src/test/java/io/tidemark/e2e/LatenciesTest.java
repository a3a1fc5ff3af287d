package io.tidemark.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void nearestRankPercentilesOfUnsortedValues() {
    List<Double> values = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      values.add(i / 10.0);
    }
    Collections.shuffle(values, new java.util.Random(7));
    Latencies latencies = Latencies.of(values);

    assertThat(latencies.count()).isEqualTo(20);
    assertThat(latencies.percentile(50)).isEqualTo(1.0);
    assertThat(latencies.percentile(95)).isEqualTo(1.9);
    assertThat(latencies.max()).isEqualTo(2.0);
    assertThat(latencies.percentile(1)).isEqualTo(0.1);
    assertThat(latencies.summary()).isEqualTo("p50 1.0 / p95 1.9 / max 2.0");
  }

  @Test
  void oneValueIsEveryPercentileAndNoValuesSayNone() {
    assertThat(Latencies.of(List.of(2.5)).summary()).isEqualTo("p50 2.5 / p95 2.5 / max 2.5");
    assertThat(Latencies.of(List.of()).summary()).isEqualTo("none");
    assertThatThrownBy(() -> Latencies.of(List.of()).percentile(50))
        .hasMessageContaining("no latencies");
  }
}
