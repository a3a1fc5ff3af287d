package io.tidemark.e2e;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.S3Server;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Objects the sink landed in the stack's bucket. */
final class S3Objects {
  private S3Objects() {}

  /** The object's text once it exists; fails after {@code wait} listing what is there. */
  static String await(LocalStack stack, String prefix, String key, Duration wait)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(wait);
    List<String> keys = new ArrayList<>();
    try (S3Client s3 = stack.s3().client()) {
      while (Instant.now().isBefore(deadline)) {
        keys.clear();
        for (S3Object o :
            s3.listObjectsV2Paginator(r -> r.bucket(S3Server.BUCKET).prefix(prefix)).contents()) {
          keys.add(o.key());
        }
        if (keys.contains(key)) {
          return s3.getObjectAsBytes(r -> r.bucket(S3Server.BUCKET).key(key))
              .asString(StandardCharsets.UTF_8);
        }
        Thread.sleep(500);
      }
    }
    throw new AssertionError(
        "no object " + key + " after " + wait + "; under " + prefix + ": " + keys);
  }
}
