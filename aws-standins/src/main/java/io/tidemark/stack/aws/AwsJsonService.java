package io.tidemark.stack.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One service behind {@link AwsJsonServer}: it owns every {@code X-Amz-Target} that starts with
 * {@link #targetPrefix()} followed by a dot (e.g. {@code RedshiftData.ExecuteStatement}).
 */
public interface AwsJsonService {
  /**
   * The part of {@code X-Amz-Target} before the dot, e.g. {@code RedshiftData} or {@code
   * AmazonAthena}.
   */
  String targetPrefix();

  /**
   * Handles one operation; returns the response document or throws {@link AwsError}.
   *
   * @param operation the part of {@code X-Amz-Target} after the dot
   * @param request the request document (an empty object when the body was empty)
   */
  ObjectNode handle(String operation, JsonNode request);
}
