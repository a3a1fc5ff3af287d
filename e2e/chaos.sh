#!/usr/bin/env bash
# Soak-and-chaos suite: MySQL changes (inserts, updates, deletes, key changes, transactions,
# ADD COLUMN, widen VARCHAR, rows made bad on purpose) through Debezium to the S3 sink ->
# Athena MERGE companion -> Iceberg and to the Redshift sink, while the Connect worker is
# SIGKILLed (10 times a run), the broker restarted (2), S3 fails behind a fault proxy (errors,
# resets, 5 s stalls) and the Data API and Athena stand-ins fail statements. Then it proves every
# S3 offset landed exactly once, Redshift and Iceberg equal MySQL, the DLQ holds exactly the bad
# rows, and no secret is in any log, trace, validate answer or message. Each run starts its own
# stack. Options: -Dchaos.seed=N -Dchaos.runs=3 -Dchaos.minutes=10 -Dchaos.rate=10 (changes/s).
# -Dchaos.mode=scale-out (default single): a group of -Dchaos.workers=3 Connect workers plus a
# spare that joins and leaves, 8-partition topics, tasks.max=4 for the S3 and Redshift sinks, an
# append-mode Redshift table; workers SIGKILLed, SIGSTOPped past the session timeout, restarted in
# turn; fails when no partition moved or a fault window injected fewer than 5 faults.
# Prints the summary and writes e2e/target/chaos/summary.md. Extra arguments go to Maven, e.g. -o.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -q -pl e2e -am verify -Dit.test=ChaosSuite -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
