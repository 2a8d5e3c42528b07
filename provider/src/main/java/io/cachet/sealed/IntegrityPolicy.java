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
  private final RefusalSummary summary;

  IntegrityPolicy(String namespace, boolean deleteRefused, IntegrityObserver observer, RefusalSummary summary) {
    this.namespace = namespace;
    this.deleteRefused = deleteRefused;
    this.observer = observer;
    this.summary = summary;
  }

  /**
   * The policy the options ask for ({@link NamespaceOptions#deletesRefused}).
   *
   * @param summary where refusals of values that can no longer be deserialized are counted, for one WARNING a
   *     minute
   */
  static IntegrityPolicy of(String namespace, NamespaceOptions options, RefusalSummary summary) {
    return new IntegrityPolicy(namespace, options.deletesRefused(),
        options.observer(), summary);
  }

  /** Whether a refused entry's row and blob are deleted. */
  boolean deletesRefused() {
    return deleteRefused;
  }

  /**
   * Reports a refused entry by key hash only, never key or value contents: at WARNING, except a value that can
   * no longer be deserialized, which is logged at DEBUG and counted for the namespace's {@link RefusalSummary}.
   *
   * @param className the class a value could not be deserialized as, or null
   */
  void report(String cacheKey, Reason failure, String className, boolean deleted) {
    boolean summarized = RefusalSummary.summarizes(failure);
    LOG.log(summarized ? Level.DEBUG : Level.WARNING, "Refused entry {0} in namespace \"{1}\": {2}{3}{4}", cacheKey,
        namespace, RefusedEntry.text(failure), className == null ? "" : " (" + className + ")",
        deleted ? " (deleted)" : " (kept)");
    if (summarized) {
      summary.add(failure, className, deleted);
    }
    try {
      observer.refused(namespace, cacheKey, failure, deleted);
    } catch (RuntimeException e) {
      // An observer's failure must not turn a miss into an error, nor stop the deletion already done.
      LOG.log(Level.WARNING, "An integrity observer failed", e);
    }
  }
}
