package io.tidemark.connect.redshift.staging;

import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.CopyPathPlanner.StagedTable;
import io.tidemark.connect.redshift.sql.CopyStaging;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.TableChanges;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Stages a batch for COPY: per table one gzip JSON-lines object (the changes in change order, each
 * with its index as {@code __tm_pos}) and one manifest naming it, under {@code
 * <prefix><connector>/<batch uuid>/}. Every call uses a fresh folder, so a retried or replayed
 * batch never reads another attempt's files; {@link #delete} removes them after commit.
 */
public final class CopyStager {

  /**
   * What one call staged: its batch id (the folder, which a COPY error names), the tables for
   * {@code CopyPathPlanner}, and every key written (for cleanup).
   */
  public record Staged(String batchId, List<StagedTable> tables, List<String> keys) {
    public Staged {
      tables = List.copyOf(tables);
      keys = List.copyOf(keys);
    }
  }

  private final StagingStore store;
  private final String folder;

  public CopyStager(StagingStore store, String prefix, String connectorName) {
    this.store = Objects.requireNonNull(store, "store");
    String p = prefix == null ? "" : prefix.trim();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (!p.isEmpty() && !p.endsWith("/")) {
      p = p + "/";
    }
    this.folder = p + safe(connectorName) + "/";
  }

  public Staged stage(List<TableChanges> tables) {
    String batchId = UUID.randomUUID().toString();
    String batch = folder + batchId + "/";
    List<StagedTable> staged = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    try {
      int index = 0;
      for (TableChanges changes : tables) {
        String base = batch + index++ + "-" + safe(changes.table().name());
        String dataKey = base + ".json.gz";
        store.put(dataKey, gzipLines(changes));
        keys.add(dataKey);
        String manifestKey = base + ".manifest";
        store.put(
            manifestKey,
            CopyStaging.manifest(List.of(url(dataKey))).getBytes(StandardCharsets.UTF_8));
        keys.add(manifestKey);
        staged.add(
            new StagedTable(
                changes.table(), url(manifestKey), changes.rows().size(), nextOffsets(changes)));
      }
    } catch (RuntimeException e) {
      deleteQuietly(keys, e);
      throw e;
    }
    return new Staged(batchId, staged, keys);
  }

  /**
   * Removes staged objects; the caller decides whether a failure matters (after a commit it does
   * not).
   */
  public void delete(Staged staged) {
    store.delete(staged.keys());
  }

  private void deleteQuietly(List<String> keys, RuntimeException cause) {
    try {
      store.delete(keys);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private String url(String key) {
    return "s3://" + store.bucket() + "/" + key;
  }

  static byte[] gzipLines(TableChanges changes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Writer out =
        new OutputStreamWriter(new GZIPOutputStream(bytes, 1 << 16), StandardCharsets.UTF_8)) {
      List<ChangeRow> rows = changes.rows();
      for (int i = 0; i < rows.size(); i++) {
        out.write(CopyStaging.jsonLine(changes.table(), rows.get(i), i));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static TreeMap<SourceOffset.TopicPartitionKey, Long> nextOffsets(TableChanges changes) {
    TreeMap<SourceOffset.TopicPartitionKey, Long> next = new TreeMap<>();
    for (ChangeRow row : changes.rows()) {
      next.merge(row.source().partitionKey(), row.source().offset() + 1, Math::max);
    }
    return next;
  }

  /** Object-key-safe text: letters, digits, '-', '_' and '.' kept, everything else '_'. */
  static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
