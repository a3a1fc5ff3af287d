package io.tidemark.common.version;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** A plugin's version from its Maven-filtered properties resource ({@code version=...}). */
public final class PluginVersion {

  private PluginVersion() {}

  /** The {@code version} in {@code resource} next to {@code owner}, or {@code unknown}. */
  public static String fromResource(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
