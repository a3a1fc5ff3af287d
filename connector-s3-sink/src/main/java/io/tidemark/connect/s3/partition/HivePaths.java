package io.tidemark.connect.s3.partition;

/** Hive-compatible escaping of partition values, as Hive's {@code FileUtils.escapePathName}. */
public final class HivePaths {

  /** The value Hive and Athena use for a null partition value. */
  public static final String NULL_VALUE = "__HIVE_DEFAULT_PARTITION__";

  private static final String SPECIAL = "\"#%'*/:=?\\\u007F{[]^";

  private HivePaths() {}

  public static String escape(String value) {
    if (value == null) {
      return NULL_VALUE;
    }
    if (value.isEmpty()) {
      return NULL_VALUE;
    }
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || SPECIAL.indexOf(c) >= 0) {
        sb.append('%').append(String.format("%02X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
