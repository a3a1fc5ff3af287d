package io.tidemark.connect.redshift.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.common.position.PositionLineage;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.SourceOffset.TopicPartitionKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageMarksTest {
  private static final TopicPartitionKey TP = new TopicPartitionKey("t", 0);

  private static String pos(long p) {
    return String.format("0000000007-%019d-1-%019d", p, p);
  }

  /**
   * Found by a second reader: every checked record added a mark and only a reload pruned them, so a
   * task that never reloads (the normal case) grew without bound. After each commit only the mark
   * at the committed offset and those above it stay.
   */
  @Test
  void marksStayBoundedByWhatIsCheckedButNotYetCommitted() {
    LineageMarks marks = new LineageMarks();
    marks.load(Map.of(TP, 0L), Map.of());
    long offset = 0;
    for (int put = 0; put < 1_000; put++) {
      for (int i = 0; i < 100; i++, offset++) {
        marks.check(new SourceOffset("t", 0, offset), pos(offset + 1), 1_000L + offset);
      }
      String stored = marks.at(Map.of(TP, offset)).get(TP);
      marks.committed(Map.of(TP, offset));
      assertThat(marks.kept(TP)).isLessThanOrEqualTo(1);
      // What is written with the commit is still the mark after every change below it.
      assertThat(PositionLineage.Mark.decode(stored).high())
          .endsWith(String.format("%019d", offset));
    }
    // A put checked but not committed keeps its marks until its commit.
    for (int i = 0; i < 50; i++, offset++) {
      marks.check(new SourceOffset("t", 0, offset), pos(offset + 1), 1_000L + offset);
    }
    assertThat(marks.kept(TP)).isEqualTo(51);
    marks.committed(Map.of(TP, offset - 25));
    assertThat(marks.kept(TP)).isEqualTo(26);
  }
}
