/**
 * An AWS Secrets Manager stand-in on the stack's AWS JSON 1.1 endpoint: secrets kept in memory,
 * CreateSecret, PutSecretValue and GetSecretValue (current version only; no rotation, no resource
 * policies, no KMS). Enough for config providers to resolve {@code ${secretsmanager:<id>:<key>}}
 * against something that speaks the real protocol.
 */
package io.tidemark.stack.secrets;
