#!/usr/bin/env bash
# End-to-end freshness benchmark: the demo's pipeline with the demo's settings on the demo's stack
# (Kafka, Connect, MariaDB, S3Proxy, PostgreSQL + Redshift Data API stand-in, Trino + Athena API
# stand-in), a steady stream of MySQL changes (default 240, one every 750 ms), and per change the
# seconds from the MySQL commit to visible in Kafka, S3, Redshift and Iceberg (p50/p95/max). About
# 6-8 minutes on 2 cores. Prints the table and writes e2e/target/bench/freshness.md.
# Extra arguments go to Maven, e.g. -o, -Dbench.freshness.changes=60, -Dbench.freshness.interval.ms=1000.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -q -pl e2e -am verify -Dit.test=FreshnessBench -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
