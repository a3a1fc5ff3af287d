package io.tidemark.connect.s3;

import io.tidemark.common.version.PluginVersion;

/** The plugin version, from the Maven-filtered {@code tidemark-s3-sink.properties}. */
final class Version {

  private static final String VERSION =
      PluginVersion.fromResource(Version.class, "/tidemark-s3-sink.properties");

  private Version() {}

  static String get() {
    return VERSION;
  }
}
