package io.tidemark.connect.s3.commit;

import java.time.Clock;
import java.util.UUID;

/**
 * The owner a recovery writes into the marker it claims: when it claimed (epoch ms, its writer's
 * clock) and a random part. The time orders claims: a task whose first claim only succeeds later
 * (S3 failed at {@code open}) must not claim over a marker claimed after it was assigned the
 * partition, because that claim is a newer owner's.
 */
public final class Owner {

  private Owner() {}

  public static String newToken(Clock clock) {
    return clock.millis() + ":" + UUID.randomUUID();
  }

  /** When {@code owner} claimed, or null for an owner without a time (older markers). */
  public static Long claimedAt(String owner) {
    if (owner == null) {
      return null;
    }
    int colon = owner.indexOf(':');
    try {
      return colon < 0 ? null : Long.parseLong(owner.substring(0, colon));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
