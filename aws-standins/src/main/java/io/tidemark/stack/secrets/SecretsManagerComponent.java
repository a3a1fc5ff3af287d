package io.tidemark.stack.secrets;

import io.tidemark.stack.StackComponent;
import io.tidemark.stack.StackContext;
import io.tidemark.stack.StackException;
import io.tidemark.stack.aws.AwsJsonServer;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.process.Ports;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Secrets Manager stand-in as a stack component (opt-in): its own AWS JSON endpoint on
 * loopback. Point an SDK {@code SecretsManagerClient} (or our config provider's {@code
 * endpoint.url}) at {@link #endpoint()} with any static credentials.
 */
public final class SecretsManagerComponent implements StackComponent {
  private final int requestedPort;
  private final SecretsManagerService service = new SecretsManagerService();
  private AwsJsonServer server;

  public SecretsManagerComponent(int port) {
    this.requestedPort = port;
  }

  @Override
  public String name() {
    return "secretsmanager";
  }

  @Override
  public void start(StackContext context) {
    int port = Ports.claim(requestedPort, name(), "--secretsmanager-port");
    try {
      server = new AwsJsonServer().register(service).start(port);
    } catch (IOException e) {
      throw new StackException(name(), "cannot listen on port " + port + ": " + e.getMessage(), e);
    }
  }

  /** Creates or replaces a secret. */
  public void putSecret(String name, String secretString) {
    service.put(name, secretString);
  }

  public String endpoint() {
    return server.endpoint();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("endpoint", server == null ? "" : endpoint());
    endpoints.put("region", S3Server.REGION);
    endpoints.put("version", "Secrets Manager stand-in (in memory)");
    return endpoints;
  }

  @Override
  public Map<String, String> placeholders() {
    return Map.of("SECRETS_MANAGER_ENDPOINT", server == null ? "" : endpoint());
  }
}
