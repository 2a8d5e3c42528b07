package io.cachet.sealed;

/** Told how far a key rotation has come, for a progress display; called from the rotating thread. */
@FunctionalInterface
public interface RotationProgress {
  /** Shows nothing. */
  RotationProgress NONE = (cache, done, total) -> { };

  /**
   * @param cache the cache being rotated
   * @param done its entries re-signed or refused so far
   * @param total its entries to re-sign, as known now (writes made meanwhile can add to it)
   */
  void resigned(String cache, long done, long total);
}
