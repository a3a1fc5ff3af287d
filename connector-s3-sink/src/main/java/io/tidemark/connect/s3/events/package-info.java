/** Commit events: one small JSON message per data object that became durably visible. */
package io.tidemark.connect.s3.events;
