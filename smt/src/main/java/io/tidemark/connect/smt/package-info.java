/** Single-message transforms and predicates for CDC records (issue: SMTs). */
package io.tidemark.connect.smt;
