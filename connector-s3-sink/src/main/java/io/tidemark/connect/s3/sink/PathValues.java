package io.tidemark.connect.s3.sink;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Partition values read back from a Hive-style path ({@code a=1/b=x%2Fy}), for recovered events.
 */
final class PathValues {

  private PathValues() {}

  static Map<String, String> parse(String path) {
    Map<String, String> values = new LinkedHashMap<>();
    if (path == null || path.isEmpty()) {
      return values;
    }
    for (String segment : path.split("/")) {
      int eq = segment.indexOf('=');
      if (eq > 0) {
        values.put(unescape(segment.substring(0, eq)), unescape(segment.substring(eq + 1)));
      }
    }
    return values;
  }

  static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        try {
          sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
          continue;
        } catch (NumberFormatException e) {
          // not an escape: keep the text
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
