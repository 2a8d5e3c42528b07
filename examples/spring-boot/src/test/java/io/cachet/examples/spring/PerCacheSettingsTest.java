package io.cachet.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;

/**
 * The caches Spring Boot creates with a plain JCache configuration get what cachet.properties sets for them
 * by name: books and searches each their own limit and expiry, prices (not named) none.
 */
@BookshopTest
class PerCacheSettingsTest {
  @Autowired CacheManager caches;
  @Autowired Invocations invocations;

  @BeforeEach
  void emptyCaches() {
    EmptyCaches.clear(caches, invocations);
  }

  @SuppressWarnings("unchecked")
  private Cache<Object, Object> nativeCache(String name) {
    return (Cache<Object, Object>) caches.getCache(name).getNativeCache();
  }

  private Factory<ExpiryPolicy> expiry(String name) {
    @SuppressWarnings("unchecked")
    CompleteConfiguration<Object, Object> configuration =
        nativeCache(name).getConfiguration(CompleteConfiguration.class);
    return configuration.getExpiryPolicyFactory();
  }

  /** Puts {@code count} entries through Spring's cache, then counts what the cache keeps. */
  private int entriesAfterPutting(String name, int count) {
    for (int i = 0; i < count; i++) {
      caches.getCache(name).put("key-" + i, "value-" + i);
    }
    int entries = 0;
    for (Cache.Entry<Object, Object> ignored : nativeCache(name)) {
      entries++;
    }
    return entries;
  }

  @Test
  void eachNamedCache_expiresAsTheFileSays_andAnUnnamedOneNever() {
    assertThat(expiry("books"))
        .isEqualTo(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 30 * 60_000)));
    assertThat(expiry("searches"))
        .isEqualTo(AccessedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 5 * 60_000)));
    assertThat(expiry("prices")).isEqualTo(EternalExpiryPolicy.factoryOf());
  }

  @Test
  void searchesKeeps50Entries_whileBooksAndPricesKeepMore() {
    assertThat(entriesAfterPutting("searches", 60)).isEqualTo(50);
    assertThat(entriesAfterPutting("books", 60)).isEqualTo(60);
    assertThat(entriesAfterPutting("prices", 60)).isEqualTo(60);
  }
}
