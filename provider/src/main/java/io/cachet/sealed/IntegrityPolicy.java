package io.cachet.sealed;

import java.lang.System.Logger.Level;

/**
 * What happens to an entry that failed a check: it is always reported and always a miss; whether it is also
 * deleted (row and blob) is this policy's one decision, so storage-mode and inspection options land here.
 */
final class IntegrityPolicy {
  /** Cachet's default: refused entries are deleted. */
  static final IntegrityPolicy DELETE_REFUSED = new IntegrityPolicy(true);

  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");

  private final boolean deleteRefused;

  IntegrityPolicy(boolean deleteRefused) {
    this.deleteRefused = deleteRefused;
  }

  /** Whether a refused entry's row and blob are deleted. */
  boolean deletesRefused() {
    return deleteRefused;
  }

  /** Reports a refused entry by namespace and key hash only: never key or value contents. */
  void report(String namespace, String cacheKey, IntegrityFailure failure) {
    LOG.log(Level.WARNING, "Refused entry {0} in namespace \"{1}\": {2}", cacheKey, namespace, failure.reason());
  }
}
