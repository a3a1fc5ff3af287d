#!/usr/bin/env bash
# JMH benchmark of CdcUnwrap (+NormalizeTypes) against Debezium's ExtractNewRecordState on the
# same records, in one run (about 2 minutes on 2 cores). Prints the table and writes
# smt/target/bench/smt-benchmark.md. Extra arguments go to Maven, e.g. -o, -Dbench.forks=3.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -q -pl smt -am -Pbench -DskipTests verify "$@"
