/**
 * Per-task metrics, Kafka-free: {@link io.tidemark.connect.s3.metrics.TaskMetrics} holds the
 * counters the writer updates, {@link io.tidemark.connect.s3.metrics.JmxRegistration} exposes them
 * as a standard MBean on the platform MBean server for the life of the task.
 */
package io.tidemark.connect.s3.metrics;
