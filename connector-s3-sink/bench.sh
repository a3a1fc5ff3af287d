#!/usr/bin/env bash
# Throughput and memory benchmark of the S3 sink on the local stack (about 10 minutes on 2 cores):
# 1M Debezium-shaped records through a raw KafkaConsumer, Kafka's FileStreamSinkConnector and the
# S3 sink (JSONL+gzip, Parquet+snappy) on the same worker and topic, best of 2 rounds each; then
# 1,000 open field partitions with a 64 MiB buffer budget and the worker's live heap sampled.
# Prints the table, writes connector-s3-sink/target/bench/s3-sink-benchmark.md, exits 2 when a
# target is missed. Extra arguments go to Maven, e.g. -o, -Dbench.records=200000, -Dbench.rounds=3.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -q -pl connector-s3-sink -am -Pbench -DskipTests verify "$@"
