package io.tidemark.connect.s3.partition;

/**
 * Object keys: {@code <prefix>/<folder>/<partition path>/<topic>+<kafka partition>+<start
 * offset>.<ext>} with the start offset zero-padded to 20 digits, so keys sort by offset and a
 * replay that starts a file at the same offset writes the same key. The folder is the record's
 * topic after the connector's SMTs (a RegexRouter renames it), the file name keeps the original
 * topic: two topics routed into one folder never write the same key. An empty prefix drops its
 * segment.
 */
public final class ObjectKeys {

  private final String prefix;

  public ObjectKeys(String prefix) {
    String p = prefix == null ? "" : prefix.trim();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    this.prefix = p;
  }

  public String prefix() {
    return prefix;
  }

  /** The folder a file of {@code partition} lands in, without a trailing slash. */
  public String directory(String folder, Partition partition) {
    StringBuilder sb = new StringBuilder(96);
    if (!prefix.isEmpty()) {
      sb.append(prefix).append('/');
    }
    sb.append(folder);
    if (!partition.path().isEmpty()) {
      sb.append('/').append(partition.path());
    }
    return sb.toString();
  }

  public String dataKey(
      String folder,
      String topic,
      Partition partition,
      int kafkaPartition,
      long startOffset,
      String extension) {
    return new StringBuilder(directory(folder, partition))
        .append('/')
        .append(topic)
        .append('+')
        .append(kafkaPartition)
        .append('+')
        .append(String.format("%020d", startOffset))
        .append('.')
        .append(extension)
        .toString();
  }
}
