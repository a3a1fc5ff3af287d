package io.tidemark.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Failures name the component and the cause, and no process outlives the stack that started it (for
 * {@code ./tidemark up} and a killed launcher: {@code LauncherLifecycleIT} in module cli).
 */
class StackLifecycleIT {
  private static final Path BASE =
      Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
          .resolveSibling("lifecycle-it");

  @Test
  void aBusyPortFailsNamingTheComponentAndThePortAndLeavesNoProcess() throws Exception {
    Set<Long> before = descendants();
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      LocalStack stack =
          LocalStack.builder(BASE.resolve("busy-port"))
              .add(new Postgres(0))
              .add(new S3Server(busy.getLocalPort()))
              .build();

      assertThatThrownBy(stack::start)
          .isInstanceOf(StackException.class)
          .hasMessage(
              "s3: port "
                  + busy.getLocalPort()
                  + " on 127.0.0.1 is already in use; stop what holds it or choose another port with --s3-port");
    }
    assertThat(awaitGone(before)).as("processes left behind").isEmpty();
  }

  @Test
  void aComponentThatFailsToStartStopsTheOthersAndSaysWhy() {
    Set<Long> before = descendants();
    LocalStack stack =
        LocalStack.builder(BASE.resolve("broken")).add(new Postgres(0)).add(new Broken()).build();

    assertThatThrownBy(stack::start)
        .isInstanceOf(StackException.class)
        .hasMessage("broken: the disk is on fire");
    assertThat(awaitGone(before)).as("processes left behind").isEmpty();
  }

  private static Set<Long> descendants() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  /** The processes started since {@code before} that are still alive after a short grace. */
  private static Set<Long> awaitGone(Set<Long> before) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Set<Long> extra;
    do {
      extra = descendants();
      extra.removeAll(before);
      if (extra.isEmpty()) {
        return extra;
      }
      sleep(200);
    } while (System.nanoTime() < deadline);
    return extra;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A component that fails after its neighbours have started. */
  private static final class Broken implements StackComponent {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public Set<Class<? extends StackComponent>> dependsOn() {
      return Set.of(Postgres.class);
    }

    @Override
    public void start(StackContext context) {
      throw new StackException(name(), "the disk is on fire", null);
    }

    @Override
    public void stop() {}

    @Override
    public Map<String, Object> endpoints() {
      return Map.of();
    }
  }
}
