package io.tidemark.connect.redshift.dataapi;

import java.util.Objects;
import java.util.Optional;

/**
 * Where statements run: a Serverless workgroup or a provisioned cluster, the database, and how to
 * authenticate (a Secrets Manager secret, or a database user with temporary credentials on a
 * provisioned cluster). {@code RedshiftSinkConfig} has validated the combination.
 */
public record DataApiTarget(
    Optional<String> workgroupName,
    Optional<String> clusterIdentifier,
    String database,
    Optional<String> secretArn,
    Optional<String> dbUser) {
  public DataApiTarget {
    Objects.requireNonNull(database, "database");
    if (workgroupName.isPresent() == clusterIdentifier.isPresent()) {
      throw new IllegalArgumentException(
          "exactly one of a workgroup name and a cluster identifier is needed");
    }
    if (workgroupName.isPresent() && dbUser.isPresent()) {
      throw new IllegalArgumentException("a database user applies to provisioned clusters only");
    }
  }

  public static DataApiTarget workgroup(String name, String database, Optional<String> secretArn) {
    return new DataApiTarget(
        Optional.of(name), Optional.empty(), database, secretArn, Optional.empty());
  }

  public static DataApiTarget cluster(
      String id, String database, Optional<String> secretArn, Optional<String> dbUser) {
    return new DataApiTarget(Optional.empty(), Optional.of(id), database, secretArn, dbUser);
  }
}
