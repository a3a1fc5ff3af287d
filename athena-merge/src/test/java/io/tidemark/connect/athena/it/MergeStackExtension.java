package io.tidemark.connect.athena.it;

import io.tidemark.stack.DefaultStack;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.athena.AthenaComponent;
import io.tidemark.stack.component.TrinoServer;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One stack for every athena-merge IT in the JVM: the default stack (Kafka, Connect with the built
 * plugin archives, MariaDB, S3, PostgreSQL, Redshift stand-in) plus the opt-in Trino (Iceberg and
 * Hive catalogs on the stack's S3) with the Athena API stand-in over it. Started by the first test
 * that asks for a {@link LocalStack} parameter, stopped at the end of the run.
 */
public final class MergeStackExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MergeStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Shared.class, k -> Shared.start(), Shared.class)
        .stack;
  }

  static final class Shared implements ExtensionContext.Store.CloseableResource {
    final LocalStack stack;

    private Shared(LocalStack stack) {
      this.stack = stack;
    }

    static Shared start() {
      Path dir = Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"));
      LocalStack stack =
          DefaultStack.builder(dir)
              .add(new TrinoServer(0))
              .add(new AthenaComponent(0))
              .build()
              .start();
      System.out.printf(
          "athena-merge stack started in %.1f s:%n%s",
          stack.startTime().toMillis() / 1000.0, stack.describe());
      return new Shared(stack);
    }

    @Override
    public void close() {
      stack.close();
    }
  }
}
