/** JSON text to Java values and Connect schemas (inference), on Jackson's streaming parser only. */
package io.tidemark.connect.smt.json;
