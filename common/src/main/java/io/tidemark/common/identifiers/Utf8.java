package io.tidemark.common.identifiers;

/** UTF-8 byte lengths without encoding the string. */
public final class Utf8 {

  private Utf8() {}

  /**
   * The number of bytes {@code s} takes in UTF-8 (unpaired surrogates count as 3, like '?'-free
   * encoders).
   */
  public static int byteLength(CharSequence s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * The index of the first unpaired UTF-16 surrogate of {@code s}, or -1. Such a string is not
   * valid Unicode and has no UTF-8 form (encoders write '?' for it); JSON {@code "\ud800"} decodes
   * to one.
   */
  public static int firstLoneSurrogate(CharSequence s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
        continue;
      }
      return i;
    }
    return -1;
  }

  /**
   * The longest prefix of {@code s} that fits in {@code maxBytes} UTF-8 bytes, never splitting a
   * code point.
   */
  public static String truncateToBytes(String s, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + len > maxBytes) {
        return s.substring(0, i);
      }
      bytes += len;
      i += Character.charCount(cp);
    }
    return s;
  }
}
