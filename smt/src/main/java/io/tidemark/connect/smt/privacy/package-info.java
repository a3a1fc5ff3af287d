/** Keyed hashing and redaction of field values, independent of the Transformation plumbing. */
package io.tidemark.connect.smt.privacy;
