/** The S3 sink connector (issue: S3 sink). */
package io.tidemark.connect.s3;
