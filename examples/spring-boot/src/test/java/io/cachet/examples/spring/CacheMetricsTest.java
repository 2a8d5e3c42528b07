package io.cachet.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;

/**
 * Micrometer's cache meters, bound by Spring Boot's actuator, read Cachet's JCache statistics MXBean. The
 * counters are cumulative over the shared context, so each test compares before and after.
 */
@BookshopTest
class CacheMetricsTest {
  @Autowired BookCatalog catalog;
  @Autowired Invocations invocations;
  @Autowired CacheManager caches;
  @Autowired MeterRegistry registry;

  @BeforeEach
  void emptyCaches() {
    EmptyCaches.clear(caches, invocations);
  }

  @Test
  void getsAndPuts_showCachetsStatistics() {
    CacheMeters before = CacheMeters.read(registry, "books");

    catalog.find(1);
    catalog.find(1);
    catalog.find(1);

    CacheMeters delta = CacheMeters.read(registry, "books").minus(before);
    assertThat(delta).isEqualTo(new CacheMeters(2, 1, 1, 0));
  }

  @Test
  void evictions_showAsRemovals() {
    catalog.find(2);
    CacheMeters before = CacheMeters.read(registry, "books");

    catalog.evict(2);

    assertThat(CacheMeters.read(registry, "books").minus(before)).isEqualTo(new CacheMeters(0, 0, 0, 1));
  }
}
