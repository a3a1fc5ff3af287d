package io.tidemark.connect.athena.plan;

import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commit events for objects found by listing the landing zone (the CLI's backfill), in place of the
 * S3 sink's events: partition values from the {@code name=value} folders, offsets from the sink's
 * object name ({@code <topic>+<partition>+<start offset>.<ext>}) when it has one.
 */
public final class LandedObjects {

  private static final Pattern SINK_NAME = Pattern.compile(".*\\+(\\d+)\\+(\\d{1,20})\\.[^/]+$");

  private LandedObjects() {}

  /**
   * @return the event, or empty for keys outside the table's landing location, markers and other
   *     non-data objects
   * @throws IllegalArgumentException naming the key when a partition folder is missing
   */
  public static Optional<CommitEvent> event(
      TableMapping mapping, String bucket, String key, long size) {
    String uri = "s3://" + bucket + "/" + key;
    String base =
        mapping.landingLocation().endsWith("/")
            ? mapping.landingLocation()
            : mapping.landingLocation() + "/";
    if (!uri.startsWith(base)
        || key.contains("/_tidemark/")
        || key.endsWith("/")
        || size == 0
        || !(key.endsWith(".parquet") || key.contains(".jsonl") || key.endsWith(".json"))) {
      return Optional.empty();
    }
    TreeMap<String, String> values = new TreeMap<>();
    String[] folders = uri.substring(base.length()).split("/");
    for (int i = 0; i < folders.length - 1; i++) {
      int eq = folders[i].indexOf('=');
      if (eq > 0) {
        values.put(folders[i].substring(0, eq), folders[i].substring(eq + 1));
      }
    }
    for (LandingPartition p : mapping.landingPartitions()) {
      if (!values.containsKey(p.name().name())) {
        throw new IllegalArgumentException(
            "table." + mapping.alias() + ": object " + uri + " has no " + p.name() + "= folder");
      }
    }
    Matcher m = SINK_NAME.matcher(key);
    int partition = m.matches() ? Integer.parseInt(m.group(1)) : 0;
    long start = m.matches() ? Long.parseLong(m.group(2)) : 0;
    return Optional.of(
        new CommitEvent(
            bucket,
            key,
            mapping.topic(),
            partition,
            start,
            start,
            0,
            size,
            values,
            Optional.empty()));
  }
}
