package io.tidemark.stack;

import io.tidemark.stack.artifacts.MavenArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What a component gets to start: its folders, the artifact resolver, and the other components. */
public final class StackContext {
  private final Path workDir;
  private final Path cacheDir;
  private final MavenArtifacts artifacts;
  private final LocalStack stack;

  StackContext(Path workDir, Path cacheDir, MavenArtifacts artifacts, LocalStack stack) {
    this.workDir = workDir;
    this.cacheDir = cacheDir;
    this.artifacts = artifacts;
    this.stack = stack;
  }

  /** The stack's work folder; every component writes only below it (and the cache). */
  public Path workDir() {
    return workDir;
  }

  /** A component's own folder below the work folder, created on demand. */
  public Path dir(String component) {
    return mkdirs(workDir.resolve(component));
  }

  public Path logFile(String component) {
    return mkdirs(workDir.resolve("logs")).resolve(component + ".log");
  }

  /** Where unpacked programs are kept between runs. */
  public Path cacheDir() {
    return mkdirs(cacheDir);
  }

  public MavenArtifacts artifacts() {
    return artifacts;
  }

  /** The file Connect's FileConfigProvider reads secrets from. */
  public Path secretsFile() {
    return stack.secrets().file();
  }

  public StackSecrets secrets() {
    return stack.secrets();
  }

  /** Another component of the stack; a dependency is running when this is called. */
  public <T extends StackComponent> T component(Class<T> type) {
    return stack
        .find(type)
        .orElseThrow(
            () -> new IllegalStateException("no " + type.getSimpleName() + " in this stack"));
  }

  public <T extends StackComponent> Optional<T> find(Class<T> type) {
    return stack.find(type);
  }

  public Optional<Path> repoRoot() {
    return stack.repoRoot();
  }

  static Path mkdirs(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
