/** Where a record lands: partitioners, time path templates and object keys. */
package io.tidemark.connect.s3.partition;
