/**
 * SQL text: identifiers and literals ({@code Quoting}, {@code SqlLiterals}: the only places that
 * turn names and values into SQL), the shared MERGE ({@code MergeSql}), per-engine DDL ({@code
 * AthenaDdl}, {@code TrinoDdl}) and the demo aggregate. Pure.
 */
package io.tidemark.connect.athena.sql;
