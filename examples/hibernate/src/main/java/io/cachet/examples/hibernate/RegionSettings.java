package io.cachet.examples.hibernate;

import io.cachet.SealedCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.RegionFactory;

/**
 * Shows the second-level cache regions as {@code cachet.properties} configures them: the book and query
 * regions each with their own expiry and limit, the timestamps region eternal and unlimited. Run it with a directory
 * for the database and the cache (a temporary one if none is given).
 */
public final class RegionSettings {
  /** The regions of the library, by the names Hibernate gives them. */
  public static final List<String> REGIONS = List.of(Book.class.getName(), Author.class.getName() + ".books",
      "default-query-results-region", "default-update-timestamps-region");

  private RegionSettings() {}

  /** The JCache cache behind one of the session factory's regions. */
  public static Cache<Object, Object> cacheOf(SessionFactory sessionFactory, String region) {
    RegionFactory regions = sessionFactory.getSessionFactoryOptions().getServiceRegistry()
        .requireService(RegionFactory.class);
    return ((JCacheRegionFactory) regions).getCacheManager().getCache(region);
  }

  /** A cache's expiry as its configuration reports it, e.g. {@code CreatedExpiryPolicy 1 HOURS}. */
  public static String expiryOf(Cache<?, ?> cache) {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> configuration = cache.getConfiguration(CompleteConfiguration.class);
    ExpiryPolicy policy = configuration.getExpiryPolicyFactory().create();
    Duration duration = policy.getExpiryForCreation();
    return policy.getClass().getSimpleName()
        + (duration.isEternal() ? "" : " " + duration.getDurationAmount() + " " + duration.getTimeUnit());
  }

  /** A cache's entry limit as Cachet runs it, e.g. {@code maxEntries 1000} ({@code 0}: no limit). */
  public static String limitOf(Cache<?, ?> cache) {
    return "maxEntries " + cache.unwrap(SealedCache.class).options().get("maxEntries");
  }

  /** Prints each region's expiry policy and entry limit. Argument: a directory (optional). */
  public static void main(String[] args) throws IOException {
    Path directory = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("library");
    if (System.getProperty("cachet.root") == null) {
      System.setProperty("cachet.root", directory.resolve("cachet").toString());
    }
    try (SessionFactory sessionFactory = Library.open(directory.resolve("library"))) {
      for (String region : REGIONS) {
        Cache<Object, Object> cache = cacheOf(sessionFactory, region);
        System.out.println(region + ": " + expiryOf(cache) + ", " + limitOf(cache));
      }
    }
  }
}
