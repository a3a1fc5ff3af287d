package io.tidemark.connect.s3.rotation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides when an open file is complete. Pure: time comes in as arguments or from an injected
 * {@link java.time.Clock}. The caller asks {@link #rotateBefore} before appending a record, {@link
 * #rotateAfter} after appending it, and {@link #rotateOnTick} from a timer for every open file,
 * idle or not.
 */
public interface RotationPolicy {

  /** Must the file be closed before a record with {@code recordTimeMs} (nullable) goes in? */
  default boolean rotateBefore(FileStats file, Long recordTimeMs) {
    return false;
  }

  /** Is the file complete now that a record went in? */
  default boolean rotateAfter(FileStats file) {
    return false;
  }

  /** Is the file due at wall-clock instant {@code now}, records or not? */
  default boolean rotateOnTick(FileStats file, Instant now) {
    return false;
  }

  /** The wall-clock instant at which {@link #rotateOnTick} turns true, if any. */
  default Optional<Instant> deadline(FileStats file) {
    return Optional.empty();
  }

  /** A policy that rotates when any of {@code policies} does. */
  static RotationPolicy anyOf(List<RotationPolicy> policies) {
    List<RotationPolicy> all = List.copyOf(policies);
    return new RotationPolicy() {
      // rotateBefore and rotateAfter run for every record: loops, not streams.
      @Override
      public boolean rotateBefore(FileStats file, Long recordTimeMs) {
        for (RotationPolicy p : all) {
          if (p.rotateBefore(file, recordTimeMs)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public boolean rotateAfter(FileStats file) {
        for (RotationPolicy p : all) {
          if (p.rotateAfter(file)) {
            return true;
          }
        }
        return false;
      }

      @Override
      public boolean rotateOnTick(FileStats file, Instant now) {
        return all.stream().anyMatch(p -> p.rotateOnTick(file, now));
      }

      @Override
      public Optional<Instant> deadline(FileStats file) {
        return all.stream()
            .map(p -> p.deadline(file))
            .flatMap(Optional::stream)
            .min(Instant::compareTo);
      }
    };
  }
}
