#!/usr/bin/env bash
# Benchmark of the Redshift sink's copy load path against the Debezium JDBC sink (upsert) on the
# same topic in the same run: 500k MySQL CDC changes. Not part of ./mvnw verify.
# Usage: connector-redshift-sink/bench.sh [-Dtidemark.bench.changes=100000] [other Maven options]
# Report: stdout and connector-redshift-sink/target/bench-report.txt
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -pl smt,connector-redshift-sink -am verify -Dit.test=RedshiftSinkBench -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
