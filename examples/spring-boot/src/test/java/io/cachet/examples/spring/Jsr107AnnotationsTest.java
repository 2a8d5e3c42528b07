package io.cachet.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;

@BookshopTest
class Jsr107AnnotationsTest {
  @Autowired IsbnDirectory directory;
  @Autowired Invocations invocations;
  @Autowired CacheManager caches;

  @BeforeEach
  void emptyCaches() {
    EmptyCaches.clear(caches, invocations);
  }

  @Test
  void cacheResult_runsTheMethodOnce_perKey() {
    assertThat(directory.isbn(1)).isEqualTo("978-0441013593");
    assertThat(directory.isbn(1)).isEqualTo("978-0441013593");

    assertThat(invocations.of("isbn")).isEqualTo(1);
  }

  @Test
  void cachePut_storesTheCacheValue_underTheCacheKey() {
    directory.assign(2, "978-0593098240");

    assertThat(directory.isbn(2)).isEqualTo("978-0593098240");
    assertThat(invocations.of("isbn")).isZero();
  }

  @Test
  void cacheRemove_removesOneKey() {
    directory.isbn(1);
    directory.assign(2, "978-0593098240");

    directory.forget(1);
    directory.isbn(1);
    directory.isbn(2);

    assertThat(invocations.of("isbn")).isEqualTo(2);
  }

  @Test
  void cacheRemoveAll_emptiesTheCache() {
    directory.isbn(1);
    directory.assign(2, "978-0593098240");

    directory.forgetAll();
    directory.isbn(1);
    directory.isbn(2);

    assertThat(invocations.of("isbn")).isEqualTo(3);
  }
}
