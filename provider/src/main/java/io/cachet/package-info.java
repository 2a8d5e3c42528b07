/**
 * Cachet's public surface: the JCache {@link javax.cache.spi.CachingProvider}, the per-cache configuration,
 * the integrity types, and the option registry ({@link io.cachet.CachetOptions}) from which a cache manager's
 * URI and properties resolve into its root directory and the value of every option.
 *
 * <p>Depends on {@code javax.cache} only, never on a Cachet subpackage: the layers below read its public
 * types and resolved options, and the provider opens managers through the {@link io.cachet.ManagerFactory}
 * service that {@code io.cachet.jcache} implements.
 */
package io.cachet;
