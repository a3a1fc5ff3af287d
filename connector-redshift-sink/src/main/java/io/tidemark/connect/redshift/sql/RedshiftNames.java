package io.tidemark.connect.redshift.sql;

import io.tidemark.common.identifiers.IdentifierRules;
import io.tidemark.common.identifiers.RedshiftIdentifiers;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.connect.errors.DataException;

/**
 * The one place where identifiers become SQL text. Every table, schema and column name goes through
 * {@link #quote}: it is checked against {@link RedshiftIdentifiers} (at most 127 UTF-8 bytes, no
 * double quote, no control character, no system column name) and always quoted, so reserved words,
 * upper case, spaces, semicolons and multi-byte characters are safe.
 */
public final class RedshiftNames {

  private final IdentifierRules rules;

  public RedshiftNames(IdentifierRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  public static RedshiftNames defaults() {
    return new RedshiftNames(RedshiftIdentifiers.defaults());
  }

  /**
   * {@code name} as a quoted identifier. Redshift folds identifiers to lower case even when they
   * are quoted (unless {@code enable_case_sensitive_identifier} is on), so the name is lower-cased
   * first: the SQL says what Redshift will store.
   *
   * @throws DataException when Redshift cannot use the name even quoted
   */
  public String quote(String name) {
    String lower = name == null ? null : name.toLowerCase(java.util.Locale.ROOT);
    Optional<String> problem = rules.problem(lower);
    if (problem.isPresent()) {
      throw new DataException("invalid Redshift identifier: " + problem.get());
    }
    return rules.quote(lower);
  }

  /** {@code "schema"."table"}. */
  public String qualified(String schema, String table) {
    return quote(schema) + '.' + quote(table);
  }

  /** Maps any source name to a valid Redshift name (see {@link IdentifierRules#normalize}). */
  public String normalize(String name) {
    return rules.normalize(name);
  }
}
