package io.tidemark.connect.athena.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Athena's ClientRequestToken (32-128 characters) for a statement: a hash of the statement text,
 * which the planner derives deterministically from the sorted batch, plus the attempt. Resending
 * the same attempt (a lost StartQueryExecution reply, a restart while it runs) returns the same
 * query execution instead of running the MERGE twice; once that execution ended FAILED or
 * CANCELLED, the next attempt is needed, because Athena would hand back the failed execution. The
 * {@code RetryingRunner} decides which (see there), also after a restart.
 */
public final class RequestTokens {

  public static final int MIN_LENGTH = 32;
  public static final int MAX_LENGTH = 128;

  private RequestTokens() {}

  /** {@code tm-<sha256 of purpose and sql>-<attempt>}, 69 to 78 characters. */
  public static String of(String purpose, String sql, int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(purpose.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(sql.getBytes(StandardCharsets.UTF_8));
      String token = "tm-" + HexFormat.of().formatHex(sha.digest()) + "-" + attempt;
      if (token.length() < MIN_LENGTH || token.length() > MAX_LENGTH) {
        throw new IllegalStateException("token length " + token.length());
      }
      return token;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
