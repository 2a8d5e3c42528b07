/**
 * JCache semantics: the cache manager, caches, entries, expiry, listeners and their dispatch, loaders and
 * writers, entry processors, statistics and MXBeans.
 *
 * <p>Persistence is reached only through {@code io.cachet.sealed}; nothing here knows SQL, files, bytes on
 * disk or keys. Depends on {@code javax.cache}, {@code javax.management} (its MXBeans), {@code io.cachet}
 * (the public types it implements and the resolved options) and {@code io.cachet.sealed}.
 */
package io.cachet.jcache;
