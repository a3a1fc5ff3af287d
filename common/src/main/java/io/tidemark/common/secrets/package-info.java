/**
 * A Kafka config provider for AWS Secrets Manager, so connector configs reference secrets ({@code
 * ${secretsmanager:<secret id>:<key>}}) instead of holding them. Kafka-free logic ({@link
 * io.tidemark.common.secrets.SecretCache}) is separate from the SDK adapter.
 *
 * <p>The AWS SDK is an optional dependency of {@code common}: only the archives that ship this
 * provider (the MSK Connect bundles) carry it, and they also carry its {@code META-INF/services}
 * registration.
 */
package io.tidemark.common.secrets;
