package io.tidemark.connect.smt.privacy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.connect.errors.DataException;

/**
 * HMAC-SHA256 of a field value with a secret key. Thread-safe (one {@link Mac} per thread). The key
 * never appears in {@link #toString()} or in any message.
 *
 * <p>Values are hashed in a canonical form, so that the same value hashes the same with or without
 * a schema: strings as UTF-8; bytes as is; integers, floats and booleans as their Java decimal
 * string ({@code 42}, {@code 1.5}, {@code true}); decimals in plain notation ({@code 12.50}); dates
 * and timestamps as epoch milliseconds.
 */
public final class HmacHasher {

  /** How the 32-byte digest is written out. */
  public enum Encoding {
    HEX,
    BASE64,
    BYTES
  }

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final Encoding encoding;
  private final ThreadLocal<Mac> macs;

  public HmacHasher(byte[] key, Encoding encoding) {
    if (key.length == 0) {
      throw new IllegalArgumentException("HMAC key is empty");
    }
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.encoding = encoding;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
  }

  public Encoding encoding() {
    return encoding;
  }

  /**
   * The encoded digest of {@code value} (non-null): a String for HEX/BASE64, a byte[] for BYTES.
   */
  public Object hash(Object value) {
    byte[] digest = macs.get().doFinal(canonical(value));
    switch (encoding) {
      case HEX:
        return HexFormat.of().formatHex(digest);
      case BASE64:
        return Base64.getEncoder().encodeToString(digest);
      default:
        return digest;
    }
  }

  static byte[] canonical(Object value) {
    if (value instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof ByteBuffer bb) {
      byte[] out = new byte[bb.remaining()];
      bb.duplicate().get(out);
      return out;
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString().getBytes(StandardCharsets.US_ASCII);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString().getBytes(StandardCharsets.US_ASCII);
    }
    if (value instanceof java.util.Date d) {
      return Long.toString(d.getTime()).getBytes(StandardCharsets.US_ASCII);
    }
    throw new DataException(
        "cannot hash a value of type "
            + value.getClass().getSimpleName()
            + "; only strings, bytes, numbers, booleans, decimals, dates and arrays of them can be hashed");
  }

  @Override
  public String toString() {
    return "HmacHasher[" + ALGORITHM + ", " + encoding + ", key=[hidden]]";
  }
}
