package io.tidemark.stack.artifacts;

import io.tidemark.stack.StackException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves the stack's programs (Kafka, Debezium, database binaries) from Maven Central into the
 * same local repository the build uses, so one online build makes everything work offline.
 *
 * <p>The stack runs other versions of Kafka than the plugins compile against, so these artifacts
 * are resolved at run time rather than put on any module's classpath.
 */
public final class MavenArtifacts {
  static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

  private final RepositorySystem system;
  private final DefaultRepositorySystemSession offline;
  private final DefaultRepositorySystemSession online;
  private final List<RemoteRepository> repositories;

  public MavenArtifacts(Path localRepository, String remoteUrl) {
    this.system = new RepositorySystemSupplier().get();
    this.offline = session(localRepository, true);
    this.online = session(localRepository, false);
    // "central" is the id Maven itself records for downloads, so the build's cache is reused.
    this.repositories =
        List.of(new RemoteRepository.Builder("central", "default", remoteUrl).build());
  }

  private DefaultRepositorySystemSession session(Path localRepository, boolean isOffline) {
    DefaultRepositorySystemSession session = MavenRepositorySystemUtils.newSession();
    session.setLocalRepositoryManager(
        system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
    session.setOffline(isOffline);
    // POM profiles activate on the JDK and OS (Jersey's do): without these, dependencies vanish.
    session.setSystemProperties(System.getProperties());
    return session;
  }

  /**
   * From {@code -Dtidemark.maven.repo.local} (the build passes its own) or {@code
   * TIDEMARK_MAVEN_REPO_LOCAL}, else {@code ~/.m2/repository}; remote from {@code
   * TIDEMARK_MAVEN_REPO_URL}, else Maven Central.
   */
  public static MavenArtifacts fromEnvironment() {
    String local =
        firstNonBlank(
            System.getProperty("tidemark.maven.repo.local"),
            System.getenv("TIDEMARK_MAVEN_REPO_LOCAL"),
            Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    String remote = firstNonBlank(System.getenv("TIDEMARK_MAVEN_REPO_URL"), CENTRAL_URL);
    return new MavenArtifacts(Path.of(local), remote);
  }

  /**
   * One artifact file, e.g. {@code io.debezium:debezium-connector-mysql:tar.gz:plugin:3.5.0.Final}.
   */
  public Path file(String coordinates) {
    ArtifactRequest request =
        new ArtifactRequest(new DefaultArtifact(coordinates), repositories, null);
    try {
      return system.resolveArtifact(offline, request).getArtifact().getFile().toPath();
    } catch (ArtifactResolutionException | IllegalArgumentException cached) {
      try {
        return system.resolveArtifact(online, request).getArtifact().getFile().toPath();
      } catch (ArtifactResolutionException | IllegalArgumentException e) {
        throw failure(coordinates, e);
      }
    }
  }

  /** The runtime classpath of the given artifacts and everything they depend on. */
  public List<Path> classpath(List<String> coordinates) {
    CollectRequest collect = new CollectRequest();
    collect.setRepositories(repositories);
    for (String coordinate : coordinates) {
      collect.addDependency(new Dependency(new DefaultArtifact(coordinate), JavaScopes.RUNTIME));
    }
    DependencyRequest request =
        new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
    try {
      return files(system.resolveDependencies(offline, request));
    } catch (DependencyResolutionException | IllegalArgumentException cached) {
      try {
        return files(system.resolveDependencies(online, request));
      } catch (DependencyResolutionException | IllegalArgumentException e) {
        throw failure(String.join(", ", coordinates), e);
      }
    }
  }

  private static List<Path> files(DependencyResult result) {
    return result.getArtifactResults().stream()
        .map(artifact -> artifact.getArtifact().getFile().toPath())
        .toList();
  }

  private StackException failure(String what, Exception e) {
    String hint =
        " (not in the local repository, and Maven Central did not serve it: run once online)";
    return new StackException(
        "maven", "could not resolve " + what + hint + ": " + e.getMessage(), e);
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
