package io.tidemark.common.secrets;

import java.util.Map;

/** Where secrets come from: one secret id in, its key/value pairs out. */
@FunctionalInterface
public interface SecretSource {
  /**
   * The secret's key/value pairs.
   *
   * @throws SecretNotFoundException when there is no such secret
   */
  Map<String, String> fetch(String secretId);
}
