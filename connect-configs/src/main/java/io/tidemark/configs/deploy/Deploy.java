package io.tidemark.configs.deploy;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.configs.EnvFile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code deploy --connect-url URL [--env-file FILE] [--validate-only] CONFIG...}: fills each
 * connector config's placeholders (env file, then the environment), validates it through the worker
 * and PUTs it. CONFIG is a JSON file or a shipped config such as {@code aws/s3-sink.json}. Exit
 * code 0 when every config deployed, 1 when one was invalid, 2 on a usage or I/O error.
 */
public final class Deploy {
  static final String USAGE =
      "usage: deploy --connect-url URL [--env-file FILE] [--validate-only] CONFIG...\n"
          + "  CONFIG: a connector config JSON file, or a shipped one: local/, aws/ or msk/<connector>.json";

  private Deploy() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  public static int run(
      String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    String url = null;
    Path envFile = null;
    boolean validateOnly = false;
    List<String> configs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--connect-url" -> url = i + 1 < args.length ? args[++i] : null;
        case "--env-file" -> envFile = i + 1 < args.length ? Path.of(args[++i]) : null;
        case "--validate-only" -> validateOnly = true;
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        default -> configs.add(args[i]);
      }
    }
    if (url == null || configs.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    try {
      Map<String, String> values = new LinkedHashMap<>(environment);
      if (envFile != null) {
        values.putAll(
            EnvFile.read(
                envFile)); // the file wins: it is what the person chose for this deployment
      }
      Deployer deployer = new Deployer(new ConnectApi(url), out);
      boolean allValid = true;
      for (String config : configs) {
        ConnectorConfig rendered = load(config).render(values);
        if (validateOnly) {
          List<FieldError> errors = deployer.validate(rendered);
          out.printf(
              "%s (%s): %s%n%s",
              rendered.name(),
              config,
              errors.isEmpty() ? "valid" : "invalid",
              FieldError.describe(errors));
          allValid &= errors.isEmpty();
        } else {
          allValid &= deployer.deploy(rendered);
        }
      }
      return allValid ? 0 : 1;
    } catch (DeployException | IllegalArgumentException | java.io.UncheckedIOException e) {
      err.println("deploy: " + e.getMessage());
      return 2;
    }
  }

  static ConnectorConfig load(String config) {
    Path file = Path.of(config);
    return Files.isRegularFile(file) ? ConnectorConfig.read(file) : ConnectorConfig.load(config);
  }
}
