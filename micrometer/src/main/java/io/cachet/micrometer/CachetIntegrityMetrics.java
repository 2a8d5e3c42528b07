package io.cachet.micrometer;

import io.cachet.CachetCachingProvider;
import io.cachet.IntegrityEvent;
import io.cachet.SealedCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Publishes a Cachet cache's integrity counters as Micrometer meters: how many stored entries the cache
 * refused to return because a check failed, by reason.
 *
 * <p>One {@link FunctionCounter} per reason, named {@value #REFUSED} (base unit {@code entries}), tagged
 * {@code cache} with the cache's name, {@code reason} with the {@link IntegrityEvent.Reason} name (for example
 * {@code BAD_SIGNATURE}, {@code HASH_MISMATCH}, {@code REPLAYED}), and the tags given here. Every reason is
 * registered from the start, at zero, so that an alert on any increase works before the first refusal. The
 * counters read the cache's own counts ({@link SealedCache#refusals()}); they count from the cache's creation
 * in this process.
 *
 * <p>Bind one cache with {@link #monitor(MeterRegistry, Cache, String...)}, or every cache a manager holds
 * when the binder is bound with {@link #ofCaches(CacheManager, String...)}. A cache created later is not
 * followed: monitor it when it is created. Two caches of the same name in two managers need a tag that tells
 * them apart (such as {@code cacheManager}); otherwise the second is not registered.
 *
 * <p>Reads that verified are the JCache hits, which Micrometer's {@code JCacheMetrics} (Spring Boot's
 * {@code cache.gets} meter) reports when the cache's statistics are enabled.
 */
public final class CachetIntegrityMetrics implements MeterBinder {
  /** The name of the refused-entries counters. */
  public static final String REFUSED = "cachet.integrity.refused";

  private final SealedCache<?, ?> cache;
  private final Tags tags;

  /**
   * A binder of one cache's integrity counters.
   *
   * @param cache a cache of Cachet's provider
   * @param tags tags added to every meter, besides {@code cache} and {@code reason}
   * @throws IllegalArgumentException if the cache is not Cachet's
   */
  public CachetIntegrityMetrics(Cache<?, ?> cache, Iterable<Tag> tags) {
    this.cache = sealed(Objects.requireNonNull(cache, "cache"));
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags")).and("cache", cache.getName());
  }

  /**
   * Binds a cache's integrity counters to a registry.
   *
   * @param registry where the meters go
   * @param cache a cache of Cachet's provider
   * @param tags tags added to every meter, as key and value pairs
   * @param <C> the cache's type
   * @return the cache
   * @throws IllegalArgumentException if the cache is not Cachet's, or the tags are not in pairs
   */
  public static <C extends Cache<?, ?>> C monitor(MeterRegistry registry, C cache, String... tags) {
    return monitor(registry, cache, Tags.of(tags));
  }

  /**
   * Binds a cache's integrity counters to a registry.
   *
   * @param registry where the meters go
   * @param cache a cache of Cachet's provider
   * @param tags tags added to every meter, besides {@code cache} and {@code reason}
   * @param <C> the cache's type
   * @return the cache
   * @throws IllegalArgumentException if the cache is not Cachet's
   */
  public static <C extends Cache<?, ?>> C monitor(MeterRegistry registry, C cache, Iterable<Tag> tags) {
    new CachetIntegrityMetrics(cache, tags).bindTo(registry);
    return cache;
  }

  /**
   * A binder of the integrity counters of every cache the manager holds when the binder is bound, such as the
   * caches a framework creates at start-up (Spring Boot's {@code spring.cache.cache-names}).
   *
   * @param manager a cache manager of Cachet's provider
   * @param tags tags added to every meter, as key and value pairs
   * @return the binder
   * @throws IllegalArgumentException if the manager is not Cachet's, or the tags are not in pairs
   */
  public static MeterBinder ofCaches(CacheManager manager, String... tags) {
    if (!(Objects.requireNonNull(manager, "manager").getCachingProvider() instanceof CachetCachingProvider)) {
      throw new IllegalArgumentException("Cache manager " + manager.getURI() + " is not Cachet's but "
          + manager.getCachingProvider().getClass().getName() + "'s: Cachet's integrity metrics need a manager of "
          + CachetCachingProvider.class.getName());
    }
    Tags common = Tags.of(tags);
    return registry -> {
      for (String name : manager.getCacheNames()) {
        Cache<?, ?> cache = manager.getCache(name);
        if (cache != null) {
          monitor(registry, cache, common);
        }
      }
    };
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    for (IntegrityEvent.Reason reason : IntegrityEvent.Reason.values()) {
      FunctionCounter.builder(REFUSED, cache, refused -> refused.refusals().getOrDefault(reason, 0L))
          .tags(tags)
          .tag("reason", reason.name())
          .baseUnit("entries")
          .description("Stored entries refused because a check failed, each one a cache miss")
          .register(registry);
    }
  }

  private static SealedCache<?, ?> sealed(Cache<?, ?> cache) {
    try {
      return cache.unwrap(SealedCache.class);
    } catch (IllegalArgumentException notCachets) {
      throw new IllegalArgumentException("Cache " + cache.getName() + " is not Cachet's but "
          + cache.getClass().getName() + ": Cachet's integrity metrics need a cache of "
          + CachetCachingProvider.class.getName(), notCachets);
    }
  }
}
