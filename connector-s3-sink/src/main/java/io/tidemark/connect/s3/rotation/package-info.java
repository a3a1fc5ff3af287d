/** When a file is complete: pure rotation policies with injected time. */
package io.tidemark.connect.s3.rotation;
