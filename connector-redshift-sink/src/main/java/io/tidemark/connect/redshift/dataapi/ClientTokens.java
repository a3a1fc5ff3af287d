package io.tidemark.connect.redshift.dataapi;

import java.util.UUID;

/**
 * ClientTokens for BatchExecuteStatement. One token per submission: the runner reuses it while it
 * retries the submit call (a lost response or throttling), so the Data API starts the batch at most
 * once; a batch run again after it FAILED or was ABORTED needs a new token, because the Data API
 * answers a known token with the statement it already ran (and its old FAILED status).
 */
public final class ClientTokens {

  private ClientTokens() {}

  public static String fresh() {
    return UUID.randomUUID().toString();
  }
}
