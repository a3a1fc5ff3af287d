package io.tidemark.connect.redshift.write;

import io.tidemark.connect.redshift.sql.TableChanges;

/** Reaches the stager's package-private gzip helper from this package's tests. */
final class CopyStagerAccess {
  private CopyStagerAccess() {}

  static byte[] gzip(TableChanges changes) {
    return io.tidemark.connect.redshift.staging.CopyStagerTestAccess.gzip(changes);
  }
}
