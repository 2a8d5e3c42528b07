package io.cachet;

import java.util.Map;
import javax.cache.Cache;

/**
 * Cachet's view of a cache, for what JCache has no words for: integrity listeners, refusal counts and the
 * sealing diagnostics. Reach it with {@code cache.unwrap(SealedCache.class)}.
 *
 * @param <K> the type of the cache's keys
 * @param <V> the type of the cache's values
 */
public interface SealedCache<K, V> extends Cache<K, V> {

  /**
   * Adds a listener told of every refused entry. Adding the same listener twice has no further effect.
   *
   * @param listener the listener to add
   */
  void registerIntegrityListener(IntegrityListener listener);

  /**
   * Removes a listener; no effect if it is not registered.
   *
   * @param listener the listener to remove
   */
  void deregisterIntegrityListener(IntegrityListener listener);

  /** {@return how many entries this cache has refused since it was created, by reason (reasons never seen are absent)} */
  Map<IntegrityEvent.Reason, Long> refusals();

  /** {@return how this cache signs and verifies its entries} */
  SealInfo sealInfo();

  /**
   * {@return the Cachet options this cache runs with: every option that may be set per cache, by name, with
   * its value spelt as an options file spells it, whichever source set it (the manager's options, the options
   * file's {@code cache.*.} and {@code cache.<name>.} keys, a {@link CachetConfiguration})}
   */
  Map<String, String> options();
}
