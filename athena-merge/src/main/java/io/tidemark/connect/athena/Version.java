package io.tidemark.connect.athena;

/** The plugin version from the jar manifest (Implementation-Version), or {@code unknown}. */
final class Version {

  private Version() {}

  static String get() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
