package io.tidemark.common.position;

/**
 * A change position that goes back in a topic partition and is not Debezium re-sending older
 * changes: the source's log lineage changed (see {@link PositionLineage}). Not a bad record: the
 * sinks stop the task with this message, which names the topic, partition, offset, both positions
 * and the remedy.
 */
public final class LineageBreakException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LineageBreakException(String message) {
    super(message);
  }
}
