package io.tidemark.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The soak-and-chaos suite ({@code e2e/chaos.sh}; not an {@code *IT}, so {@code verify} does not
 * run it): {@code chaos.runs} runs (default 1) of {@code chaos.minutes} of chaos each (default 10)
 * with seeds {@code chaos.seed}, {@code chaos.seed + 1}, ... (default: from the clock, printed), at
 * {@code chaos.rate} MySQL changes per second (default 10), dates over {@code chaos.days} days
 * (default 365), each on a fresh stack (see {@link ChaosRun}); {@code chaos.mode} {@code single}
 * (default) or {@code scale-out} ({@link ChaosMode}: a group of {@code chaos.workers} workers,
 * default 3). Prints the summary and writes it to {@code target/chaos/summary.md}; fails when any
 * run has a problem, listing them.
 */
class ChaosSuite {
  private static final Path DIR = Path.of("target", "chaos");

  @Test
  void everySinkEndsEqualToMysqlThroughKillsRestartsAndFaults() throws Exception {
    long seed = Long.getLong("chaos.seed", System.currentTimeMillis() % 1_000_000);
    int runs = Integer.getInteger("chaos.runs", 1);
    Duration length =
        Duration.ofMillis(
            (long) (Double.parseDouble(System.getProperty("chaos.minutes", "10")) * 60_000));
    double rate = Double.parseDouble(System.getProperty("chaos.rate", "10"));
    // Over Athena's 100 partitions per write: one landed object spans more days, so the MERGE
    // companion must slice its statements (see e2e/README.md, "Found").
    int days = Integer.getInteger("chaos.days", 365);
    ChaosMode mode = ChaosMode.parse(System.getProperty("chaos.mode", "single"));
    int workers = Integer.getInteger("chaos.workers", 3);
    Files.createDirectories(DIR);
    Path summary = DIR.resolve("summary.md");
    StringBuilder md =
        new StringBuilder(
            "# Chaos suite\n\n"
                + (mode == ChaosMode.SCALE_OUT
                    ? "Scale-out mode: " + workers + " Connect workers (+1 joining and leaving). "
                    : "")
                + runs
                + " run(s) of "
                + length.toSeconds()
                + " s of chaos at "
                + rate
                + " changes/s over "
                + days
                + " days, seeds from "
                + seed
                + "\n\n");
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long runSeed = seed + i;
      ChaosReport report;
      try {
        report =
            new ChaosRun(
                    runSeed, length, rate, days, mode, workers, DIR.resolve("run-" + i), System.out)
                .run();
      } catch (Exception | AssertionError e) {
        problems.add("seed " + runSeed + ": the run stopped: " + e);
        md.append("| run seed ")
            .append(runSeed)
            .append(" | |\n|---|---|\n| result | FAILED: the run stopped: ")
            .append(String.valueOf(e).replace("|", "\\|").replace("\n", " "))
            .append(" |\n\n");
        Files.writeString(summary, md.toString(), StandardCharsets.UTF_8);
        e.printStackTrace(System.out);
        continue;
      }
      md.append(report.markdown()).append('\n');
      report.problems().forEach(p -> problems.add("seed " + runSeed + ": " + p));
      Files.writeString(summary, md.toString(), StandardCharsets.UTF_8);
      System.out.println(report.markdown());
    }
    System.out.println(md);
    System.out.println("summary written to " + summary.toAbsolutePath());
    assertThat(problems)
        .as("problems of the chaos runs (summary in %s)", summary.toAbsolutePath())
        .isEmpty();
  }
}
