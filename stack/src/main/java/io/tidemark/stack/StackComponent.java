package io.tidemark.stack;

import java.util.Map;
import java.util.Set;

/**
 * One part of the local stack (a broker, a database, an API endpoint). Later issues add their own
 * (Trino, the AWS API endpoint) through {@link LocalStack.Builder#add}.
 */
public interface StackComponent {
  /** Short name used in messages, folders and endpoints.json, e.g. {@code kafka}. */
  String name();

  /** Components that must be running before this one starts. */
  default Set<Class<? extends StackComponent>> dependsOn() {
    return Set.of();
  }

  /** Starts and waits until ready; throws {@link StackException} naming the cause. */
  void start(StackContext context);

  /** Stops everything this component started, and nothing else. Safe to call twice. */
  void stop();

  /** What a user needs to connect, for the console and endpoints.json (secrets included). */
  Map<String, Object> endpoints();

  /** Placeholder values for connector config templates, e.g. {@code MYSQL_PORT}. */
  default Map<String, String> placeholders() {
    return Map.of();
  }

  /** Endpoint keys whose values are secrets: written to endpoints.json, never printed. */
  default Set<String> secretKeys() {
    return Set.of();
  }
}
