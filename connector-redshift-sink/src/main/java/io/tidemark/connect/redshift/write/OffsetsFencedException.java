package io.tidemark.connect.redshift.write;

import io.tidemark.connect.redshift.sql.SourceOffset.TopicPartitionKey;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * A transaction changed nothing because the offsets table no longer held what this writer last read
 * or wrote: another writer (a stale task still finishing, or the new owner of the partition)
 * committed first. The writer has re-read the offsets ({@link #committed()}); the caller rewinds to
 * them and carries on. Retriable: redelivering the same records is also safe, since changes below
 * the re-read offsets are skipped.
 */
public class OffsetsFencedException extends RetriableException {
  private static final long serialVersionUID = 1L;

  private final transient Map<TopicPartitionKey, Long> committed;
  private final transient Set<TopicPartitionKey> fenced;

  public OffsetsFencedException(
      String message, Map<TopicPartitionKey, Long> committed, Set<TopicPartitionKey> fenced) {
    super(message);
    this.committed = Map.copyOf(committed);
    this.fenced = Set.copyOf(fenced);
  }

  /** The partitions of the transaction that changed nothing. */
  public Set<TopicPartitionKey> fenced() {
    return fenced;
  }

  /** The offsets committed in Redshift as re-read after the fence, per topic partition. */
  public Map<TopicPartitionKey, Long> committed() {
    return committed;
  }
}
