package io.tidemark.stack.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.stack.aws.AwsError;
import io.tidemark.stack.aws.AwsJsonService;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@code X-Amz-Target: secretsmanager.<Op>}: secrets by name or ARN, one current version each. */
public final class SecretsManagerService implements AwsJsonService {
  static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

  private record Secret(String name, String value, String versionId) {}

  @Override
  public String targetPrefix() {
    return "secretsmanager";
  }

  /** Creates or replaces a secret (for stack set-up and tests). */
  public void put(String name, String secretString) {
    secrets.put(name, new Secret(name, secretString, UUID.randomUUID().toString()));
  }

  @Override
  public ObjectNode handle(String operation, JsonNode request) {
    return switch (operation) {
      case "CreateSecret" -> create(request);
      case "PutSecretValue" -> putValue(request);
      case "GetSecretValue" -> get(request);
      default ->
          throw new AwsError(
              400,
              "UnknownOperationException",
              "secretsmanager."
                  + operation
                  + " is not supported by the stand-in (CreateSecret, PutSecretValue, GetSecretValue)");
    };
  }

  private ObjectNode create(JsonNode request) {
    String name = required(request, "Name");
    if (secrets.containsKey(name)) {
      throw new AwsError(400, "ResourceExistsException", "the secret " + name + " already exists");
    }
    put(name, required(request, "SecretString"));
    return identity(secrets.get(name));
  }

  private ObjectNode putValue(JsonNode request) {
    Secret secret = find(required(request, "SecretId"));
    put(secret.name(), required(request, "SecretString"));
    return identity(secrets.get(secret.name()));
  }

  private ObjectNode get(JsonNode request) {
    if (request.hasNonNull("VersionStage")
        && !"AWSCURRENT".equals(request.get("VersionStage").asText())) {
      throw AwsError.validation("the stand-in keeps only the AWSCURRENT version");
    }
    Secret secret = find(required(request, "SecretId"));
    ObjectNode response = identity(secret);
    response.put("SecretString", secret.value());
    response.putArray("VersionStages").add("AWSCURRENT");
    response.put("CreatedDate", System.currentTimeMillis() / 1000.0);
    return response;
  }

  private Secret find(String id) {
    String name = id.startsWith(ARN_PREFIX) ? id.substring(ARN_PREFIX.length()) : id;
    Secret secret = secrets.get(name);
    if (secret == null) {
      throw AwsError.notFound("Secrets Manager can't find the specified secret.");
    }
    return secret;
  }

  private static ObjectNode identity(Secret secret) {
    ObjectNode node = JSON.createObjectNode();
    node.put("ARN", ARN_PREFIX + secret.name());
    node.put("Name", secret.name());
    node.put("VersionId", secret.versionId());
    return node;
  }

  private static String required(JsonNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw AwsError.validation(field + " is required");
    }
    return value.asText();
  }
}
