package io.tidemark.stack.junit;

import io.tidemark.stack.DefaultStack;
import io.tidemark.stack.LocalStack;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests one shared {@link LocalStack} per test run (per JVM): started by the
 * first test that asks for it, stopped when the run ends. Use with
 * {@code @ExtendWith(LocalStackExtension.class)} and a {@code LocalStack} parameter.
 *
 * <p>The work folder is {@code -Dtidemark.stack.dir} (the build sets {@code
 * target/tidemark-stack}), else {@code target/tidemark-stack} under the current folder.
 */
public final class LocalStackExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(SharedStack.class, key -> SharedStack.start(), SharedStack.class)
        .stack;
  }

  /** Closed by JUnit when the root context closes, i.e. at the end of the run. */
  static final class SharedStack implements ExtensionContext.Store.CloseableResource {
    final LocalStack stack;

    private SharedStack(LocalStack stack) {
      this.stack = stack;
    }

    static SharedStack start() {
      String dir = System.getProperty("tidemark.stack.dir", "target/tidemark-stack");
      LocalStack stack = DefaultStack.builder(Path.of(dir)).build().start();
      System.out.printf(
          "Tidemark local stack started in %.1f s:%n%s",
          stack.startTime().toMillis() / 1000.0, stack.describe());
      return new SharedStack(stack);
    }

    @Override
    public void close() {
      stack.close();
    }
  }
}
