package io.tidemark.connect.s3.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetRunsTest {

  @Test
  void aFileThatTookEveryOffsetHasNoRuns() {
    OffsetRuns.Builder b = new OffsetRuns.Builder();
    b.add(10, false);
    b.add(11, true);
    b.add(15, true); // 12-14 are gaps of the log (compaction): nothing was processed between
    assertThat(b.build()).isNull();
  }

  @Test
  void runsBreakWhereThePartitionProcessedAnOffsetElsewhere() {
    OffsetRuns.Builder b = new OffsetRuns.Builder();
    b.add(1000, false);
    b.add(1004, true);
    b.add(1007, false); // 1005 or 1006 went to another folder
    b.add(1008, true);
    OffsetRuns runs = b.build();
    assertThat(runs.encoded()).isEqualTo("1000.4,2.1");
    assertThat(List.of(999L, 1000L, 1004L, 1005L, 1006L, 1007L, 1008L, 1009L))
        .filteredOn(runs::contains)
        .containsExactly(1000L, 1004L, 1007L, 1008L)
        .as("1001-1003 were never processed: inside the run");
    assertThat(runs.contains(1002)).isTrue();
    assertThat(OffsetRuns.parse(runs.encoded())).isEqualTo(runs);
  }

  @Test
  void theMarkerKeepsTheRunsAndTheFolder() throws Exception {
    OffsetRuns.Builder b = new OffsetRuns.Builder();
    b.add(0, false);
    b.add(2, false);
    LandedObject o = new LandedObject("raw/x/p=0/t+0+0.jsonl", "p=0", 0, 2, 2, 10, "x", b.build());
    CommitMarker m = new CommitMarker(1, "t", 0, 0, List.of(o), null);
    LandedObject back = CommitMarker.fromJson(m.toJson()).landed().get(0);
    assertThat(back).isEqualTo(o);
    assertThat(back.holds(1)).isFalse();
    assertThat(back.holds(2)).isTrue();
    assertThat(new String(m.toJson(), StandardCharsets.UTF_8)).contains("\"runs\":\"0.0,1.0\"");
  }

  @Test
  void offsetsMustIncreaseAndEncodingsMustBeWellFormed() {
    OffsetRuns.Builder b = new OffsetRuns.Builder();
    b.add(5, false);
    assertThatThrownBy(() -> b.add(5, true)).hasMessageContaining("must increase");
    assertThatThrownBy(() -> OffsetRuns.parse("5")).hasMessageContaining("<n>.<length-1>");
    assertThatThrownBy(() -> OffsetRuns.parse("5.0,0.0")).hasMessageContaining("out of order");
  }
}
