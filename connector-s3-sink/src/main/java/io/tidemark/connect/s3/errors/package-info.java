/**
 * One place that maps AWS SDK failures onto Connect's exceptions, and the retry loop around them.
 */
package io.tidemark.connect.s3.errors;
