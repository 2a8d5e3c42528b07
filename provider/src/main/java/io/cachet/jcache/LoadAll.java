package io.cachet.jcache;

import io.cachet.sealed.StoredKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import javax.cache.integration.CompletionListener;

/**
 * A cache's {@code loadAll} and the stores of loaded values it shares with read-through {@code getAll}:
 * loaded values go in without a writer call or a put statistic.
 */
final class LoadAll<K, V> {
  private final EntryLoader<K, V> loader;
  private final EntryStorage storage;
  private final Predicate<K> containsKey;
  private final KeyedMutations<K, V> mutations;
  private final Executor executor;
  private final String cacheName;

  /**
   * @param loader the cache's loader, whether or not it reads through
   * @param containsKey the cache's {@code containsKey}, which fails once the cache is closed
   */
  LoadAll(EntryLoader<K, V> loader, EntryStorage storage, Predicate<K> containsKey, KeyedMutations<K, V> mutations,
      Executor executor, String cacheName) {
    this.loader = loader;
    this.storage = storage;
    this.containsKey = containsKey;
    this.mutations = mutations;
    this.executor = executor;
    this.cacheName = cacheName;
  }

  /** Loads the keys on the executor, then tells the listener (a failure without one is logged). */
  void start(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
    CompletionListener listener = completionListener != null ? completionListener : new LoggingCompletion(cacheName);
    if (!loader.loads()) {
      listener.onCompletion();
      return;
    }
    List<K> requested = new ArrayList<>(keys);
    executor.execute(() -> {
      try {
        load(requested, replaceExistingValues);
        listener.onCompletion();
      } catch (Exception e) {
        listener.onException(e);
      }
    });
  }

  private void load(List<K> requested, boolean replaceExistingValues) {
    List<K> toLoad = new ArrayList<>();
    for (K key : requested) {
      if (replaceExistingValues || !containsKey.test(key)) {
        toLoad.add(key);
      }
    }
    Map<K, V> loaded = loader.loadAll(toLoad);
    OperationEffects<K, V> effects = mutations.begin();
    for (K key : toLoad) {
      V value = loaded.get(key);
      if (value != null) {
        store(key, storage.key(key), value, replaceExistingValues, effects);
      }
    }
    effects.finish();
  }

  /** Stores a loaded value; returns whether it was stored. */
  boolean store(K key, StoredKey storedKey, V value, boolean replaceExisting, OperationEffects<K, V> effects) {
    return mutations.apply(key, storedKey, KeyedMutations.Reading.UNCOUNTED,
        current -> current == null || replaceExisting ? Decision.load(value) : Decision.keep(), effects).stored();
  }
}
