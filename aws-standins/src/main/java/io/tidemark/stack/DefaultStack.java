package io.tidemark.stack;

import io.tidemark.stack.component.ConnectWorker;
import io.tidemark.stack.component.KafkaBroker;
import io.tidemark.stack.component.MariaDb;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.redshift.RedshiftDataApiComponent;
import java.nio.file.Path;

/**
 * The default local stack. It lives here, not in {@link LocalStack} (module stack), because it
 * includes the Redshift Data API stand-in; get that component with {@code
 * stack.get(RedshiftDataApiComponent.class)}.
 */
public final class DefaultStack {
  private DefaultStack() {}

  /**
   * Kafka, Connect (with Debezium and this repo's plugin archives), MariaDB, S3, PostgreSQL and the
   * Redshift Data API stand-in over it.
   */
  public static LocalStack.Builder builder(Path workDir) {
    return LocalStack.builder(workDir)
        .add(new KafkaBroker(0))
        .add(new ConnectWorker(0))
        .add(new MariaDb(0))
        .add(new S3Server(0))
        .add(new Postgres(0))
        .add(new RedshiftDataApiComponent(0));
  }
}
