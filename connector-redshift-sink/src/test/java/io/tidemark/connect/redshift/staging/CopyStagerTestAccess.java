package io.tidemark.connect.redshift.staging;

import io.tidemark.connect.redshift.sql.TableChanges;

/** Test access to {@link CopyStager#gzipLines}. */
public final class CopyStagerTestAccess {
  private CopyStagerTestAccess() {}

  public static byte[] gzip(TableChanges changes) {
    return CopyStager.gzipLines(changes);
  }
}
