package io.tidemark.connect.redshift;

import io.tidemark.common.version.PluginVersion;

/** The plugin version, from the Maven-filtered {@code tidemark-redshift-sink.properties}. */
final class Version {

  private static final String VERSION =
      PluginVersion.fromResource(Version.class, "/tidemark-redshift-sink.properties");

  private Version() {}

  static String get() {
    return VERSION;
  }
}
