/** The object store port; the S3 adapter implements it. */
package io.tidemark.connect.s3.store;
