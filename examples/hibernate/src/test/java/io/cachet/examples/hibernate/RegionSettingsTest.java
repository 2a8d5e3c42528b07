package io.cachet.examples.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regions of the running session factory get what {@code cachet.properties} sets for them by name: the
 * book region and the query region each their own limit and expiry, the timestamps region (not named) none.
 */
class RegionSettingsTest {
  private static final String BOOKS = Book.class.getName();
  private static final String QUERIES = "default-query-results-region";
  private static final String TIMESTAMPS = "default-update-timestamps-region";
  private static final int PROBES = 1_050;

  @TempDir
  Path directory;

  private LibraryFixture library;

  @BeforeEach
  void openTheLibrary() {
    library = LibraryFixture.open(directory);
  }

  @AfterEach
  void closeTheLibrary() {
    library.close();
  }

  private Cache<Object, Object> region(String name) {
    return RegionSettings.cacheOf(library.sessionFactory(), name);
  }

  private static Factory<ExpiryPolicy> expiryFactory(Cache<Object, Object> cache) {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> configuration = cache.getConfiguration(CompleteConfiguration.class);
    return configuration.getExpiryPolicyFactory();
  }

  /** Puts {@value #PROBES} entries of the test's own into the region, then counts the region's entries. */
  private int entriesAfterFilling(Cache<Object, Object> cache) {
    Map<Object, Object> probes = new HashMap<>();
    for (int i = 0; i < PROBES; i++) {
      probes.put("probe-" + i, i);
    }
    cache.putAll(probes);
    int entries = 0;
    for (Cache.Entry<Object, Object> ignored : cache) {
      entries++;
    }
    return entries;
  }

  @Test
  void theBookAndQueryRegions_expireAsTheFileSays_andTheTimestampsRegionNever() {
    assertEquals(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 3_600_000)),
        expiryFactory(region(BOOKS)));
    assertEquals(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 600_000)),
        expiryFactory(region(QUERIES)));
    assertEquals(EternalExpiryPolicy.factoryOf(), expiryFactory(region(TIMESTAMPS)));
    assertEquals(EternalExpiryPolicy.factoryOf(), expiryFactory(region(Author.class.getName() + ".books")));
  }

  @Test
  void theQueryRegionKeeps100Entries_theBookRegion1000_andTheTimestampsRegionAll() {
    assertEquals(100, entriesAfterFilling(region(QUERIES)));
    assertEquals(1_000, entriesAfterFilling(region(BOOKS)));
    assertEquals(PROBES, entriesAfterFilling(region(TIMESTAMPS)), "no limit: every entry stays");
  }

  @Test
  void theMainProgram_printsEachRegionsExpiryAndLimit() {
    assertEquals("CreatedExpiryPolicy 3600000 MILLISECONDS", RegionSettings.expiryOf(region(BOOKS)));
    assertEquals("CreatedExpiryPolicy 600000 MILLISECONDS", RegionSettings.expiryOf(region(QUERIES)));
    assertEquals("EternalExpiryPolicy", RegionSettings.expiryOf(region(TIMESTAMPS)));
    assertEquals("maxEntries 1000", RegionSettings.limitOf(region(BOOKS)));
    assertEquals("maxEntries 100", RegionSettings.limitOf(region(QUERIES)));
    assertEquals("maxEntries 0", RegionSettings.limitOf(region(TIMESTAMPS)));
  }
}
