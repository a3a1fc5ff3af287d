package io.tidemark.common.secrets;

import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Secrets from AWS Secrets Manager's GetSecretValue (the current version, AWSCURRENT). */
final class SecretsManagerSource implements SecretSource, AutoCloseable {
  private final SecretsManagerClient client;

  SecretsManagerSource(SecretsManagerClient client) {
    this.client = client;
  }

  @Override
  public Map<String, String> fetch(String secretId) {
    GetSecretValueResponse response;
    try {
      response = client.getSecretValue(r -> r.secretId(secretId));
    } catch (ResourceNotFoundException e) {
      throw new SecretNotFoundException("no secret " + secretId + " in AWS Secrets Manager", e);
    }
    if (response.secretString() == null) {
      throw new SecretNotFoundException(
          "secret " + secretId + " is binary; store it as a string", null);
    }
    return SecretValues.parse(response.secretString());
  }

  @Override
  public void close() {
    client.close();
  }
}
