package io.tidemark.connect.athena.run;

import io.tidemark.connect.athena.plan.MergeBatch;
import java.util.List;
import java.util.Optional;

/**
 * Statements that run around each table MERGE, in the same writer (e.g. the demo's {@code
 * user_transactions} aggregate). Each must be safe to repeat: a crash between them replays the
 * whole sequence.
 */
public interface Downstream {

  /** Before the MERGE of {@code batch} (e.g. record which days it is about to change). */
  List<String> before(MergeBatch batch);

  /** After the MERGE of {@code batch} succeeded. */
  List<String> after(MergeBatch batch);

  /**
   * A query answering one number, the work {@link #drain} has left (0: none), asked after {@link
   * #after}; empty when there is nothing to drain.
   */
  default Optional<String> backlog(MergeBatch batch) {
    return Optional.empty();
  }

  /**
   * One round of the work left, bounded so that each statement stays within the engine's limits
   * (e.g. 100 partitions written); run again while {@link #backlog} is above 0.
   */
  default List<String> drain(MergeBatch batch) {
    return List.of();
  }

  static Downstream none() {
    return new Downstream() {
      @Override
      public List<String> before(MergeBatch batch) {
        return List.of();
      }

      @Override
      public List<String> after(MergeBatch batch) {
        return List.of();
      }
    };
  }
}
