package io.tidemark.connect.s3.format;

import io.tidemark.common.identifiers.Utf8;
import org.apache.kafka.connect.errors.DataException;

/**
 * Strings must be well-formed UTF-16 to be written: a lone surrogate (JSON {@code "\ud800"} decodes
 * to one) has no UTF-8 form, so Parquet, Avro and CSV would silently write {@code ?} instead. Such
 * a value is a bad record naming the field; the value itself is never put in the message.
 */
final class Utf16 {

  private Utf16() {}

  /** {@code s} when well-formed, else a {@link LoneSurrogate} for the field at {@code path}. */
  static String wellFormed(String s, String path) {
    int at = Utf8.firstLoneSurrogate(s);
    if (at >= 0) {
      throw new LoneSurrogate(path, at);
    }
    return s;
  }

  /** A lone surrogate in the field at {@code path}; {@link #under} prefixes the enclosing field. */
  static final class LoneSurrogate extends DataException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final int index;

    LoneSurrogate(String path, int index) {
      super(
          "Field '"
              + path
              + "' is not valid Unicode: a lone UTF-16 surrogate at character "
              + index
              + " (no UTF-8 form; Parquet, Avro and CSV would write '?')");
      this.path = path;
      this.index = index;
    }

    LoneSurrogate under(String parent) {
      return new LoneSurrogate(path.isEmpty() ? parent : parent + "." + path, index);
    }
  }
}
