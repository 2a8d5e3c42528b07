package io.cachet;

/**
 * Told of every entry a cache refused. Register one through {@link SealedCache}. Called on the thread whose
 * cache operation found the failure: keep it short, and do not call back into the cache from it.
 */
@FunctionalInterface
public interface IntegrityListener {
  /**
   * An entry failed a check and was treated as absent. Exceptions thrown here are logged and ignored.
   *
   * @param event which entry of which cache, why, and whether it was deleted
   */
  void onRefused(IntegrityEvent event);
}
