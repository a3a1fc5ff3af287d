package io.tidemark.connect.s3.partition;

/**
 * Object keys: {@code <prefix>/<topic>/<partition path>/<topic>+<kafka partition>+<start
 * offset>.<ext>} with the start offset zero-padded to 20 digits, so keys sort by offset and a
 * replay that starts a file at the same offset writes the same key. An empty prefix drops its
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

  public String dataKey(
      String topic, Partition partition, int kafkaPartition, long startOffset, String extension) {
    StringBuilder sb = new StringBuilder(128);
    if (!prefix.isEmpty()) {
      sb.append(prefix).append('/');
    }
    sb.append(topic).append('/');
    if (!partition.path().isEmpty()) {
      sb.append(partition.path()).append('/');
    }
    return sb.append(topic)
        .append('+')
        .append(kafkaPartition)
        .append('+')
        .append(String.format("%020d", startOffset))
        .append('.')
        .append(extension)
        .toString();
  }
}
