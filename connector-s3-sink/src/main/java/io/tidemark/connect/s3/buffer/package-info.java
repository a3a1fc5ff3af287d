/** The task-wide memory budget and the multipart/spill buffers that respect it. */
package io.tidemark.connect.s3.buffer;
