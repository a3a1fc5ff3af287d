package io.tidemark.stack.redshift;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redshift identifiers may be 127 bytes long, PostgreSQL's only 63 (longer ones are silently cut,
 * so two names sharing 63 bytes would collide). {@link #toPostgres} maps a Redshift name to the
 * name PostgreSQL stores: names over 127 bytes are first truncated to 127 bytes at a character
 * boundary, as Redshift truncates them; names still over 63 bytes become a deterministic 63-byte
 * stand-in name (a prefix of the name, {@code _}, 14 hex digits of its SHA-256). {@link #original}
 * and {@link #restoreIn} map stand-in names back (in result columns, result values and error
 * texts). The reverse map lives in this JVM: a stand-in name is remembered when a statement names
 * the original, so a PostgreSQL database reused by a later JVM shows stand-in names in catalogs
 * until each long name has been used again.
 */
public final class LongIdentifiers {
  /** PostgreSQL's NAMEDATALEN - 1. */
  public static final int POSTGRES_MAX_BYTES = 63;

  /** Redshift's limit; longer identifiers are truncated to it. */
  public static final int REDSHIFT_MAX_BYTES = 127;

  private static final int PREFIX_BYTES = 48;
  private static final int HASH_CHARS = 14;
  private static final Map<String, String> ORIGINALS = new ConcurrentHashMap<>();

  /** A stand-in name inside a text: its hash suffix (the prefix is checked against the map). */
  private static final Pattern HASH_SUFFIX = Pattern.compile("_[0-9a-f]{" + HASH_CHARS + "}");

  private LongIdentifiers() {}

  /** The UTF-8 length of {@code name}. */
  public static int bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length;
  }

  /** {@code name} cut to Redshift's 127 bytes at a character boundary (as Redshift cuts it). */
  public static String truncate(String name) {
    return clip(name, REDSHIFT_MAX_BYTES);
  }

  /**
   * The name PostgreSQL holds for Redshift name {@code name}: truncated to 127 bytes, then {@code
   * name} itself when PostgreSQL can hold it, else its short stand-in name (remembered).
   */
  public static String toPostgres(String name) {
    String redshift = truncate(name);
    byte[] bytes = redshift.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= POSTGRES_MAX_BYTES) {
      return redshift;
    }
    String shortName = clip(redshift, PREFIX_BYTES) + "_" + hash(bytes);
    ORIGINALS.putIfAbsent(shortName, redshift);
    return shortName;
  }

  /** Same as {@link #toPostgres}. */
  public static String shorten(String name) {
    return toPostgres(name);
  }

  /** The original (Redshift) name behind a short stand-in name, or {@code name} itself. */
  public static String original(String name) {
    return name == null ? null : ORIGINALS.getOrDefault(name, name);
  }

  /** {@code text} (an error message) with every known stand-in name replaced by its original. */
  public static String restoreIn(String text) {
    if (text == null || ORIGINALS.isEmpty()) {
      return text;
    }
    Matcher m = HASH_SUFFIX.matcher(text);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    while (m.find()) {
      for (Map.Entry<String, String> e : ORIGINALS.entrySet()) {
        String shortName = e.getKey();
        int start = m.end() - shortName.length();
        if (start >= copied && text.startsWith(shortName, start)) {
          out.append(text, copied, start).append(e.getValue());
          copied = m.end();
          break;
        }
      }
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static String clip(String name, int maxBytes) {
    StringBuilder b = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > maxBytes) {
        break;
      }
      b.appendCodePoint(cp);
      bytes += len;
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
          .substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
