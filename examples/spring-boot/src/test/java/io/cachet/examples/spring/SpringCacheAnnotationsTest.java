package io.cachet.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachet.SealedCache;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.cache.Cache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.SimpleKey;

@BookshopTest
class SpringCacheAnnotationsTest {
  @Autowired BookCatalog catalog;
  @Autowired Invocations invocations;
  @Autowired CacheManager caches;

  @BeforeEach
  void emptyCaches() {
    EmptyCaches.clear(caches, invocations);
  }

  @Test
  void cacheable_runsTheMethodOnce_perKey() {
    Book first = catalog.find(1);
    Book second = catalog.find(1);
    catalog.find(2);

    assertThat(second).isEqualTo(first).isNotSameAs(first); // a copy out of the store
    assertThat(invocations.of("find")).isEqualTo(2);
  }

  @Test
  void cacheable_cachesNull_asSpringsNullValueSingleton() {
    // Spring tells a cached null from a miss by identity with NullValue.INSTANCE: a copy would be a value.
    assertThat(catalog.find(404)).isNull();
    assertThat(catalog.find(404)).isNull();

    assertThat(invocations.of("find")).isEqualTo(1);
  }

  @Test
  void cacheable_withSeveralArguments_keysBySimpleKey_whoseHashCodeSurvivesTheStore() {
    List<Book> found = catalog.byAuthorAndYear("Frank Herbert", 1965);
    assertThat(catalog.byAuthorAndYear("Frank Herbert", 1965)).isEqualTo(found);
    catalog.byAuthorAndYear("Frank Herbert", 1976);
    assertThat(invocations.of("byAuthorAndYear")).isEqualTo(2);

    // Iteration deserializes the stored keys: each must equal, and hash like, the key Spring computes.
    List<Object> storedKeys = new ArrayList<>();
    nativeCache("searches").forEach(entry -> storedKeys.add(entry.getKey()));
    SimpleKey expected = new SimpleKey("Frank Herbert", 1965);
    assertThat(storedKeys).hasSize(2).contains(expected);
    assertThat(storedKeys).filteredOn(expected::equals).singleElement()
        .extracting(Object::hashCode).isEqualTo(expected.hashCode());
  }

  @Test
  void cachePut_alwaysRuns_andReplacesTheCachedValue() {
    catalog.find(3);
    Book renamed = new Book(3, "The Left Hand of Darkness (50th anniversary)", "Ursula K. Le Guin", 1969);

    catalog.save(renamed);

    assertThat(catalog.find(3)).isEqualTo(renamed);
    assertThat(invocations.of("save")).isEqualTo(1);
    assertThat(invocations.of("find")).isEqualTo(1);
  }

  @Test
  void cacheEvict_removesOneKey() {
    catalog.find(1);
    catalog.find(2);

    catalog.evict(1);
    catalog.find(1);
    catalog.find(2);

    assertThat(invocations.of("find")).isEqualTo(3);
  }

  @Test
  void cacheEvictAllEntries_emptiesTheCache() {
    catalog.find(1);
    catalog.find(2);

    catalog.evictAll();
    catalog.find(1);
    catalog.find(2);

    assertThat(invocations.of("find")).isEqualTo(4);
    assertThat(nativeCache("books")).hasSize(2);
  }

  @Test
  void cacheableSync_runsTheMethodOnce_forConcurrentMissesOnOneKey() throws Exception {
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    Callable<BigDecimal> lookUp = () -> {
      start.await();
      return catalog.price(7);
    };
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<BigDecimal>> prices = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        prices.add(pool.submit(lookUp));
      }
      start.countDown();
      for (Future<BigDecimal> price : prices) {
        assertThat(price.get()).isEqualByComparingTo("0.17");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(invocations.of("price")).isEqualTo(1);
  }

  @Test
  void cacheable_refusesValuesThatAreNotSerializable_namingTheirClass() {
    assertThatThrownBy(() -> catalog.shelves("sci-fi"))
        .isInstanceOf(javax.cache.CacheException.class)
        .hasMessageContaining(Shelf.class.getName() + ": it does not implement java.io.Serializable")
        .hasMessageNotContaining("allowedClasses");

    assertThat(nativeCache("searches").containsKey("sci-fi")).isFalse();
  }

  @Test
  void springsCaches_areCachetsSealedCaches() {
    assertThat(nativeCache("books").unwrap(SealedCache.class)).isNotNull();
  }

  @SuppressWarnings("unchecked")
  private Cache<Object, Object> nativeCache(String name) {
    return (Cache<Object, Object>) caches.getCache(name).getNativeCache();
  }
}
