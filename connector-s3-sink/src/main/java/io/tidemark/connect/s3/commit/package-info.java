/** The exactly-once protocol as pure state plus marker recovery; see the module README. */
package io.tidemark.connect.s3.commit;
