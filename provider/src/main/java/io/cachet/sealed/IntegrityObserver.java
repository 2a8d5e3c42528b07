package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
/** Told of every entry a namespace refused. Called on the thread that found the failure; must not block. */
@FunctionalInterface
public interface IntegrityObserver {
  /** Ignores every report. */
  IntegrityObserver NONE = (namespace, keyHash, failure, deleted) -> { };

  /**
   * @param namespace the namespace of the refused entry
   * @param keyHash the entry's {@code cache_key} as stored (never key or value contents)
   * @param failure why the entry was refused
   * @param deleted whether its row and blob were deleted (false under storage mode or
   *     {@code deleteInvalidSignatures=false})
   */
  void refused(String namespace, String keyHash, Reason failure, boolean deleted);
}
