package io.tidemark.stack.cli;

import io.tidemark.stack.LocalStack;
import java.io.PrintStream;

/** Placeholder until the demo lands. */
final class Demo {
  private final PrintStream out;

  Demo(PrintStream out) {
    this.out = out;
  }

  int run(LocalStack stack, boolean keepRunning) {
    out.println("demo: not yet");
    return 1;
  }
}
