#!/usr/bin/env bash
# Cost benchmark: bytes scanned per MERGE for this companion (only the new objects) and for the
# seed's full-rescan MERGE, in the same run on the local stack's Trino. Defaults: 30 batches of
# 10,000 changes (-Dbench.batches=N -Dbench.changes=N). Prints the table and writes
# athena-merge/target/bench/merge-cost.md. Extra arguments go to Maven, e.g. -o.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -q -pl athena-merge -am verify -Dit.test=MergeCostBench -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
