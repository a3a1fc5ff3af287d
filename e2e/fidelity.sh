#!/usr/bin/env bash
# The whole type-fidelity matrix (test-kit's FidelityMatrix: every MariaDB/MySQL column type with
# its edge values, inserted, updated and deleted) through real Debezium on MariaDB and the shipped
# connect-configs/local/ configs into the S3 sink (JSONL, CSV, Parquet, Avro) and the Redshift sink
# (Data API stand-in); every cell compared with MariaDB's own value read back over JDBC, after the
# sink's documented representation is decoded. Runs on the default local stack (started by the
# test). Prints the summary and writes e2e/target/fidelity/summary.md; fails listing each cell that
# differs. Options: -Dfidelity.drain.seconds=300. Extra arguments go to Maven, e.g. -o.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -q -pl e2e -am verify -Dit.test=FidelitySuite -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
