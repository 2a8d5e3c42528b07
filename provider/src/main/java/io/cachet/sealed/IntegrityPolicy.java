package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import java.lang.System.Logger.Level;

/**
 * What happens to one namespace's entries that failed a check: each is a miss and is reported exactly once
 * (log and observer); whether it is also deleted (row and blob) is this policy's one decision, from
 * {@code deleteInvalidSignatures} and {@code storageMode}.
 */
final class IntegrityPolicy {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");

  private final String namespace;
  private final boolean deleteRefused;
  private final IntegrityObserver observer;

  IntegrityPolicy(String namespace, boolean deleteRefused, IntegrityObserver observer) {
    this.namespace = namespace;
    this.deleteRefused = deleteRefused;
    this.observer = observer;
  }

  /** The policy the options ask for: storage mode never deletes, whatever deleteInvalidSignatures says. */
  static IntegrityPolicy of(String namespace, NamespaceOptions options) {
    return new IntegrityPolicy(namespace, options.deleteInvalidSignatures() && !options.storageMode(),
        options.observer());
  }

  /** Whether a refused entry's row and blob are deleted. */
  boolean deletesRefused() {
    return deleteRefused;
  }

  /** Reports a refused entry by key hash only, never key or value contents. */
  void report(String cacheKey, Reason failure, boolean deleted) {
    LOG.log(Level.WARNING, "Refused entry {0} in namespace \"{1}\": {2}{3}", cacheKey, namespace,
        RefusedEntry.text(failure), deleted ? " (deleted)" : " (kept)");
    try {
      observer.refused(namespace, cacheKey, failure, deleted);
    } catch (RuntimeException e) {
      // An observer's failure must not turn a miss into an error, nor stop the deletion already done.
      LOG.log(Level.WARNING, "An integrity observer failed", e);
    }
  }
}
