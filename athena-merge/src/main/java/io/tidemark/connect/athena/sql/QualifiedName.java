package io.tidemark.connect.athena.sql;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code catalog.schema.table}. The catalog is only used in DML (Athena DDL runs in the query
 * execution context's catalog); Athena's catalog names may contain upper-case letters and hyphens
 * ({@code AwsDataCatalog}, cross-account catalogs), so they have their own rule.
 */
public record QualifiedName(String catalog, Identifier schema, Identifier table) {

  private static final Pattern CATALOG = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  public QualifiedName {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
    requireCatalog(catalog, "catalog");
  }

  /**
   * @throws IllegalArgumentException naming {@code what} unless the catalog name is usable
   */
  public static String requireCatalog(String catalog, String what) {
    if (catalog == null || !CATALOG.matcher(catalog).matches()) {
      throw new IllegalArgumentException(
          what
              + ": catalog name '"
              + catalog
              + "' must be 1-255 characters of letters, digits, '_' or '-'");
    }
    return catalog;
  }

  @Override
  public String toString() {
    return catalog + "." + schema + "." + table;
  }
}
