/** File formats over plain streams and the neutral row model they write. Knows no Kafka task. */
package io.tidemark.connect.s3.format;
