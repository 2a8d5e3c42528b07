package io.cachet.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachet.CachetCachingProvider;
import io.cachet.SealedCache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

/**
 * Caffeine's JCache provider beside Cachet on the class path (this class runs in its own surefire execution,
 * the only one that has it): {@code spring.cache.jcache.provider} picks Cachet, and without a name nobody can
 * choose.
 */
@BookshopTest
class TwoProvidersTest {
  private static final String CAFFEINE = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

  @Autowired CacheManager jcacheManager;
  @Autowired BookCatalog catalog;
  @Autowired Invocations invocations;

  @Test
  void twoProvidersOnTheClassPath_makeTheUnnamedDefaultAmbiguous() {
    assertThat(Caching.getCachingProviders()).extracting(provider -> provider.getClass().getName())
        .containsExactlyInAnyOrder(CachetCachingProvider.class.getName(), CAFFEINE);
    assertThatThrownBy(Caching::getCachingProvider)
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("Multiple CachingProviders");
  }

  @Test
  void theNamedProvider_isCachet_andItsCachesAreSealed() {
    CachingProvider provider = jcacheManager.getCachingProvider();
    assertThat(provider).isInstanceOf(CachetCachingProvider.class);
    assertThat(jcacheManager.getCache("books").unwrap(SealedCache.class)).isNotNull();

    invocations.reset();
    catalog.find(2);
    catalog.find(2);
    assertThat(invocations.of("find")).isEqualTo(1);
  }

  @Test
  void withoutANamedProvider_springBootCannotStart() {
    SpringApplicationBuilder unnamed = new SpringApplicationBuilder(BookshopApplication.class)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF);

    // A command-line argument, since it must override application.properties; empty means "not named".
    assertThatThrownBy(() -> unnamed.run("--spring.cache.jcache.provider="))
        .satisfies(failure -> assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
            .isInstanceOf(CacheException.class)
            .hasMessageContaining("Multiple CachingProviders"));
  }
}
