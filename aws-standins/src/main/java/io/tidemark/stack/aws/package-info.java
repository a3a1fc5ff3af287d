/**
 * AWS JSON 1.1 endpoints on loopback ({@code POST /}, {@code X-Amz-Target: Service.Operation}) for
 * the AWS APIs the stack emulates: each service registers an {@link
 * io.tidemark.stack.aws.AwsJsonService} with an {@link io.tidemark.stack.aws.AwsJsonServer}. Errors
 * are {@code {"__type": ..., "message": ...}} documents, which the AWS SDK turns into its typed
 * exceptions.
 */
package io.tidemark.stack.aws;
