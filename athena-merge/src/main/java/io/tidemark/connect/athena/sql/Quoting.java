package io.tidemark.connect.athena.sql;

import io.tidemark.common.identifiers.AthenaIdentifiers;

/**
 * The one place where identifiers become SQL text. Every identifier is quoted, reserved or not, so
 * generated SQL never depends on a reserved-word list being complete.
 */
public enum Quoting {
  /** Trino and Athena DML (MERGE, SELECT, OPTIMIZE, VACUUM) and Trino DDL: double quotes. */
  DOUBLE_QUOTES {
    @Override
    public String quote(String name) {
      return RULES.quote(name);
    }
  },
  /** Athena's Hive-style DDL (CREATE EXTERNAL TABLE, CREATE TABLE, ALTER TABLE): backticks. */
  BACKTICKS {
    @Override
    public String quote(String name) {
      return RULES.quoteDdl(name);
    }
  };

  private static final AthenaIdentifiers RULES = AthenaIdentifiers.defaults();

  /** Quotes a raw name; prefer {@link #quote(Identifier)}, which was validated. */
  abstract String quote(String name);

  public String quote(Identifier identifier) {
    return quote(identifier.name());
  }

  /** {@code "catalog"."schema"."table"}. */
  public String withCatalog(QualifiedName name) {
    return quote(name.catalog()) + "." + withoutCatalog(name);
  }

  /** {@code "schema"."table"} (Athena DDL runs in the execution context's catalog). */
  public String withoutCatalog(QualifiedName name) {
    return quote(name.schema()) + "." + quote(name.table());
  }
}
