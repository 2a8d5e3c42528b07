package io.cachet.jcache;

import io.cachet.sealed.SealedStoreException;
import java.util.function.BooleanSupplier;
import javax.cache.CacheException;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import javax.cache.processor.EntryProcessorException;

/**
 * The JCache edge for failures: every exception of the layers below and of the user's callbacks becomes the
 * JSR-107 type a caller of the cache expects here, wrapped once (an exception already of that type passes
 * through unchanged).
 */
final class JsrExceptions {
  private final String cacheName;
  private final BooleanSupplier closed;

  /** @param closed whether the cache is closed by now, which is then what its failures mean */
  JsrExceptions(String cacheName, BooleanSupplier closed) {
    this.cacheName = cacheName;
    this.closed = closed;
  }

  /**
   * What the caller sees of a storage failure during an operation: the failure, or, if the cache was closed
   * meanwhile (its store is closed after it), the IllegalStateException JCache specifies for a closed cache.
   *
   * @param action what the operation tried to do to an entry: read, write, delete, lock, list, clear
   */
  RuntimeException storage(String action, SealedStoreException e) {
    if (closed.getAsBoolean()) {
      return new IllegalStateException("Cache " + cacheName + " was closed while it tried to " + action + " an entry",
          e);
    }
    return new CacheException("Cache " + cacheName + ": cannot " + action + " an entry: " + e.getMessage(), e);
  }

  /** A key the sealed store cannot take (its message names the offending class). */
  CacheException key(SealedStoreException e) {
    return new CacheException("Cache " + cacheName + ": " + e.getMessage(), e);
  }

  /** A failed sweep of the expired entries. */
  CacheException sweep(SealedStoreException e) {
    return new CacheException("Cache " + cacheName + ": cannot remove expired entries: " + e.getMessage(), e);
  }

  /** A failure of {@code CacheLoader.load} or {@code loadAll}, named by {@code method}. */
  CacheLoaderException loader(String method, Exception e) {
    return e instanceof CacheLoaderException jsr
        ? jsr : new CacheLoaderException("CacheLoader." + method + " failed for cache " + cacheName, e);
  }

  static CacheWriterException writer(Exception e) {
    return e instanceof CacheWriterException jsr ? jsr : new CacheWriterException("CacheWriter failed", e);
  }

  /** A failed entry processor: JCache's own exceptions pass, anything else is an EntryProcessorException. */
  static CacheException processor(Exception e) {
    return e instanceof CacheException jsr ? jsr : new EntryProcessorException(e);
  }

  /** A factory of the cache's configuration (expiry policy, loader, writer) that failed. */
  static CacheException factory(String what, Object factory, RuntimeException e) {
    return e instanceof CacheException jsr
        ? jsr : new CacheException("The " + what + " factory " + factory.getClass().getName() + " failed", e);
  }

  /** A cache manager that cannot attach a cache's storage. */
  static CacheException attaching(String cacheName, SealedStoreException e) {
    return new CacheException("Cannot open the storage of cache " + cacheName + ": " + e.getMessage(), e);
  }

  /** A cache manager that cannot delete a cache's data. */
  static CacheException destroying(String cacheName, SealedStoreException e) {
    return new CacheException("Cannot delete the data of cache " + cacheName + ": " + e.getMessage(), e);
  }
}
