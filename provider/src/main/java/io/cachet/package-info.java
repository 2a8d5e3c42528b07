/**
 * Cachet's public surface: the JCache {@link javax.cache.spi.CachingProvider} and the resolution of a cache
 * manager's URI and properties into a root directory and store settings.
 *
 * <p>Depends on {@code io.cachet.jcache} and {@code io.cachet.sealed}.
 */
package io.cachet;
