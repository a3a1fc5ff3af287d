package io.tidemark.connect.redshift.dataapi;

import java.time.Duration;

/** Waiting, injectable so that tests do not sleep. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());
}
