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

  /**
   * Rotates this cache's signing key to the key in {@code newKeyFile} without losing its entries, while every process
   * using the cache goes on reading and writing it: each entry that verifies is re-signed with the new key
   * (re-encrypted, with {@code encryptAtRest}), the old key is accepted until then, and every process writes with the
   * new key from a quarter of a second after the rotation begins; an entry that fails its checks is not re-signed but
   * deleted, or kept as it is if this cache deletes nothing ({@code storageMode}, {@code deleteInvalidSignatures}).
   * A shared ledger ({@code replayDetection=shared}) and the messages between hosts sharing a store follow the new
   * key. Blocks until done; a rotation stopped by a crash is resumed by calling this again. Afterwards the old key file may
   * be deleted once every application names the new one in {@code signingKeyFile}; until then they follow the
   * cache's record to it.
   *
   * @param newKeyFile a plain file name in the root: used if it exists (copy it to every host first), else created
   *     with mode 0600
   * @return how many entries were re-signed with the new key (0 if the cache already used it)
   * @throws IllegalArgumentException if the name is not a plain file name, the cache is not signed with a key file,
   *     or is being rotated to another key
   * @throws javax.cache.CacheException if a key file cannot be loaded or created, or the store fails
   */
  long rotateSigningKey(String newKeyFile);
}
