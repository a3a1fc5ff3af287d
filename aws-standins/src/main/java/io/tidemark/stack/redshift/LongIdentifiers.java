package io.tidemark.stack.redshift;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redshift identifiers may be 127 bytes long, PostgreSQL's only 63 (longer ones are silently cut,
 * so two names sharing 63 bytes would collide). Names over 63 bytes are mapped to a deterministic
 * 63-byte stand-in name (a prefix and a hash), and mapped back in results.
 */
public final class LongIdentifiers {
  /** PostgreSQL's NAMEDATALEN - 1. */
  public static final int POSTGRES_MAX_BYTES = 63;

  private static final int PREFIX_BYTES = 48;
  private static final Map<String, String> ORIGINALS = new ConcurrentHashMap<>();

  private LongIdentifiers() {}

  /** {@code name} itself when PostgreSQL can hold it, else its short stand-in name (remembered). */
  public static String shorten(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= POSTGRES_MAX_BYTES) {
      return name;
    }
    String prefix = prefix(name);
    String shortName = prefix + "_" + hash(bytes);
    ORIGINALS.putIfAbsent(shortName, name);
    return shortName;
  }

  /** The original name behind a short stand-in name, or {@code name} itself. */
  public static String original(String name) {
    return name == null ? null : ORIGINALS.getOrDefault(name, name);
  }

  private static String prefix(String name) {
    StringBuilder b = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + len > PREFIX_BYTES) {
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
          .substring(0, 14);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
