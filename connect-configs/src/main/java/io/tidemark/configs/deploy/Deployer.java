package io.tidemark.configs.deploy;

import io.tidemark.configs.ConnectorConfig;
import java.io.PrintStream;
import java.util.List;

/**
 * Deploys connector configs the safe way: validate through the worker first (so a typo fails naming
 * its key before anything changes), then {@code PUT /connectors/{name}/config}, which creates or
 * updates and is idempotent: deploying twice changes nothing.
 */
public final class Deployer {
  private final ConnectApi api;
  private final PrintStream out;

  public Deployer(ConnectApi api, PrintStream out) {
    this.api = api;
    this.out = out;
  }

  /** The worker's field errors for a rendered config; empty when it would accept it. */
  public List<FieldError> validate(ConnectorConfig rendered) {
    return FieldError.fromValidation(api.validate(rendered.name(), rendered.config()));
  }

  /** Validates, then PUTs; returns false (and prints the field errors) when validation failed. */
  public boolean deploy(ConnectorConfig rendered) {
    List<FieldError> errors = validate(rendered);
    if (!errors.isEmpty()) {
      out.printf(
          "%s (%s): %d invalid setting%s, not deployed:%n%s",
          rendered.name(),
          rendered.source(),
          errors.size(),
          errors.size() == 1 ? "" : "s",
          FieldError.describe(errors));
      return false;
    }
    boolean created = api.putConfig(rendered.name(), rendered.config());
    out.printf(
        "%s (%s): %s%n", rendered.name(), rendered.source(), created ? "created" : "updated");
    return true;
  }
}
